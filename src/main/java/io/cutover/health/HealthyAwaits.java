package io.cutover.health;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The callers waiting for one instance to turn healthy: each has its own startup-timeout; all are
 * released together when the instance turns healthy or its watch ends.
 */
final class HealthyAwaits {
  private static final Logger LOG = Logger.getLogger(HealthyAwaits.class);

  private final Vertx vertx;
  private final Instance instance;
  private final Duration startupTimeout;
  private final Supplier<String> lastResult;
  private final Set<Pending> pending = new HashSet<>();
  private String closedBecause;

  HealthyAwaits(
      Vertx vertx, Instance instance, Duration startupTimeout, Supplier<String> lastResult) {
    this.vertx = vertx;
    this.instance = instance;
    this.startupTimeout = startupTimeout;
    this.lastResult = lastResult;
  }

  /** Waits from subscription on; completes at once if the instance already is healthy. */
  Uni<Void> await() {
    return Uni.createFrom()
        .emitter(
            emitter -> {
              Pending await = new Pending(emitter, System.nanoTime());
              long timeoutMs = Math.max(1, startupTimeout.toMillis());
              long deadline =
                  vertx.setTimer(
                      timeoutMs,
                      id -> {
                        if (remove(await)) {
                          await.fail("startup-timeout of " + timeoutMs + "ms passed");
                        }
                      });
              emitter.onTermination(
                  () -> {
                    vertx.cancelTimer(deadline);
                    remove(await);
                  });
              String closed;
              synchronized (this) {
                closed = closedBecause;
                if (closed == null) {
                  pending.add(await);
                }
              }
              InstanceState state = instance.state();
              if (closed != null) {
                await.fail(closed);
              } else if (state == InstanceState.HEALTHY) {
                healthy();
              } else if (state == InstanceState.STOPPED && remove(await)) {
                // An exit reported before anyone watched leaves only this trace: fail now, not
                // later.
                await.fail("the instance was stopped");
              }
            });
  }

  void healthy() {
    takeAll().forEach(await -> await.emitter.complete(null));
  }

  /** No more waiting: every caller, now and later, fails with this reason. */
  void close(String reason) {
    synchronized (this) {
      if (closedBecause == null) {
        closedBecause = reason;
      }
    }
    takeAll().forEach(await -> await.fail(reason));
  }

  private synchronized List<Pending> takeAll() {
    List<Pending> all = List.copyOf(pending);
    pending.clear();
    return all;
  }

  private synchronized boolean remove(Pending await) {
    return pending.remove(await);
  }

  private final class Pending {
    private final UniEmitter<? super Void> emitter;
    private final long since;

    Pending(UniEmitter<? super Void> emitter, long since) {
      this.emitter = emitter;
      this.since = since;
    }

    void fail(String reason) {
      Duration waited = Duration.ofNanos(System.nanoTime() - since);
      String last = lastResult.get();
      LOG.warnf(
          "instance did not turn healthy service=%s version=%s instance=%s reason=\"%s\""
              + " waited=%dms last=\"%s\"",
          instance.service(), instance.version(), instance.id(), reason, waited.toMillis(), last);
      emitter.fail(new InstanceNotHealthyException(instance, reason, last, waited));
    }
  }
}
