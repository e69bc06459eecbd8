package io.cutover.deploy;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * Lets instances that no longer get new requests finish what they have: done when their in-flight
 * count reaches zero or at the timeout, when open tunnels (WebSockets) are cut. The instances must
 * already be out of the route table.
 */
@ApplicationScoped
public class Drainer {
  // In-flight counts change without events; a short poll is cheap next to a drain's duration.
  private static final long POLL_MS = 20;

  private final Vertx vertx;

  public Drainer(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The Vert.x whose timers the deploy's waits use. */
  public Vertx vertx() {
    return vertx;
  }

  public Uni<DrainResult> drain(List<Instance> instances, Duration timeout) {
    for (Instance instance : instances) {
      // A stopped one stays stopped; one drained already (a teardown mid-retire) stays draining.
      instance.moveIfAllowed(InstanceState.DRAINING);
    }
    long started = System.nanoTime();
    int atStart = inFlight(instances);
    if (atStart == 0) {
      return Uni.createFrom().item(new DrainResult(0, 0, Duration.ZERO));
    }
    long deadline = started + timeout.toNanos();
    return Uni.createFrom()
        .emitter(
            emitter -> {
              long[] timer = new long[1];
              timer[0] =
                  vertx.setPeriodic(
                      POLL_MS,
                      id -> {
                        int open = inFlight(instances);
                        long now = System.nanoTime();
                        if (open == 0 || now >= deadline) {
                          vertx.cancelTimer(timer[0]);
                          if (open > 0) {
                            instances.forEach(i -> i.backend().cutTunnels());
                          }
                          emitter.complete(
                              new DrainResult(atStart, open, Duration.ofNanos(now - started)));
                        }
                      });
            });
  }

  private static int inFlight(List<Instance> instances) {
    int sum = 0;
    for (Instance instance : instances) {
      sum += instance.backend().inFlight();
    }
    return sum;
  }
}
