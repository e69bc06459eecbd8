package io.cutover.instance.kubernetes;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance's pod while this driver holds it: the instance (routed to podIP:port), where the pod
 * is, and whether the gateway asked it to stop (its end is then no crash).
 */
final class RunningPod {
  private final Instance instance;
  private final String namespace;
  private final String name;
  private final InstanceExitListener listener;
  private final AtomicBoolean ending = new AtomicBoolean();
  private volatile LogWatch logs;
  private volatile Runnable unwatch = () -> {};

  RunningPod(Instance instance, String namespace, String name, InstanceExitListener listener) {
    this.instance = instance;
    this.namespace = namespace;
    this.name = name;
    this.listener = listener;
  }

  Instance instance() {
    return instance;
  }

  String namespace() {
    return namespace;
  }

  String name() {
    return name;
  }

  InstanceExitListener listener() {
    return listener;
  }

  void following(LogWatch logs, Runnable unwatch) {
    this.logs = logs;
    this.unwatch = unwatch;
  }

  /** True the first time: only one stop (or exit report) acts on a pod. */
  boolean claimEnd() {
    return ending.compareAndSet(false, true);
  }

  /** Stops following its state and its output. */
  void release() {
    unwatch.run();
    LogWatch following = logs;
    if (following != null) {
      try {
        following.close();
      } catch (RuntimeException e) {
        // the stream ends with the pod anyway
      }
    }
  }
}
