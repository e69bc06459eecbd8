package io.cutover.instance;

import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Runs instances of a service. The executor and the strategies only ever see this interface, never
 * which driver runs. Implementations never block an event loop.
 */
public interface InstanceDriver {

  /** The {@code driver.type} this driver serves, e.g. "process". */
  String type();

  /**
   * Starts one instance; completes once it was launched (not once it is healthy). The listener
   * hears at once if the instance ends on its own.
   */
  Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener);

  /** Stops it: SIGTERM (or the driver's equivalent), then a hard kill after stopTimeout. */
  Uni<Void> stop(Instance instance, Duration stopTimeout);
}
