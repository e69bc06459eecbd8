package io.cutover.release;

/**
 * Hears each step once it is committed to a release's log. Called on the writer's thread, often an
 * event loop: return at once, and never throw (a throw is logged and ignored).
 */
public interface ReleaseEventListener {
  void recorded(ReleaseEvent event);
}
