package io.cutover.instance.docker;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.LogTail;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One instance's container while this driver holds it: the instance, the engine it runs on, the
 * container's id, and whether the gateway asked it to stop (its exit is then no crash).
 */
final class RunningContainer {
  private final Instance instance;
  private final String host;
  private final String containerId;
  private final InstanceExitListener listener;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private volatile Closeable logs;

  RunningContainer(
      Instance instance, String host, String containerId, InstanceExitListener listener) {
    this.instance = instance;
    this.host = host;
    this.containerId = containerId;
    this.listener = listener;
  }

  /** The instance of a container of this spec, published on 127.0.0.1 at {@code port}. */
  static Instance instance(String id, InstanceSpec spec, int port) {
    return new Instance(
        id,
        spec.service(),
        spec.version(),
        spec.index(),
        ContainerRequest.LOOPBACK,
        port,
        new LogTail(DockerDriver.TAIL_LINES));
  }

  Instance instance() {
    return instance;
  }

  String host() {
    return host;
  }

  String containerId() {
    return containerId;
  }

  InstanceExitListener listener() {
    return listener;
  }

  void following(Closeable logs) {
    this.logs = logs;
  }

  /** True the first time: only one stop (or exit report) acts on a container. */
  boolean claimEnd() {
    return stopRequested.compareAndSet(false, true);
  }

  boolean stopRequested() {
    return stopRequested.get();
  }

  void closeLogs() {
    Closeable following = logs;
    if (following != null) {
      try {
        following.close();
      } catch (IOException | RuntimeException e) {
        // the stream ends with the container anyway
      }
    }
  }

  /** The first 12 characters, as {@code docker ps} shows a container. */
  String shortId() {
    return containerId.length() > 12 ? containerId.substring(0, 12) : containerId;
  }
}
