package io.cutover.startup;

import java.util.concurrent.ThreadFactory;

/** Threads of the start-up's own that never hold the JVM up at exit. */
final class DaemonThreads {
  private DaemonThreads() {}

  static ThreadFactory named(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
