package io.cutover.instance;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.function.Consumer;

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

  /**
   * Makes a version ready to start, before its release command and its first instance: the docker
   * driver pulls the version's image as {@code driver.pull} says, telling {@code progress} how far
   * it has come. A version that cannot be made ready fails the Uni with a message saying why.
   *
   * @param spec the version's first instance (index 0, no target)
   */
  default Uni<Void> prepare(InstanceSpec spec, Consumer<ImagePullProgress> progress) {
    return Uni.createFrom().voidItem();
  }

  /**
   * Runs a command once with the run's version and the instances' environment, until it exits or
   * its timeout; a command that could not start at all fails the Uni with a message saying why.
   */
  default Uni<OneOffResult> runOnce(OneOffRun run) {
    return Uni.createFrom()
        .failure(
            new InstanceStartException(
                run.service(), "driver " + type() + " cannot run a release command"));
  }

  /**
   * The start-up restore has brought back every live release it could: what this driver still holds
   * of any other release of these services is over (a container a killed gateway left).
   *
   * @param liveReleases the live release of each service the gateway restored, by service name
   */
  default Uni<Void> restoreEnded(java.util.Map<String, Long> liveReleases) {
    return Uni.createFrom().voidItem();
  }
}
