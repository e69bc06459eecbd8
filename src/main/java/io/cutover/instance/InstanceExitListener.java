package io.cutover.instance;

/** Told when an instance ends without being asked to (a crash). */
@FunctionalInterface
public interface InstanceExitListener {
  void onExit(Instance instance, int exitCode);
}
