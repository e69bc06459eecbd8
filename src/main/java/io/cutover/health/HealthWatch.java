package io.cutover.health;

import io.cutover.config.HealthConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one polling loop of one instance. It checks after the grace period, then every interval, the
 * next check only once the previous one ended; it moves the instance between STARTING, HEALTHY and
 * UNHEALTHY and tells its listeners. It ends on {@link #stop()}, when the instance exits, or when
 * it finds the instance STOPPED.
 */
public final class HealthWatch {
  private static final Logger LOG = Logger.getLogger(HealthWatch.class);

  private final Vertx vertx;
  private final HealthProbe probe;
  private final Instance instance;
  private final HealthConfig config;
  private final Consumer<HealthWatch> onEnd;
  private final Hysteresis hysteresis;
  private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private final HealthyAwaits awaits;
  // Guarded by this: the loop runs on one event loop, but stop() and exits come from anywhere.
  private long timer = -1;
  private String endReason;
  private CheckResult last = CheckResult.NONE;

  HealthWatch(
      Vertx vertx,
      HealthProbe probe,
      Instance instance,
      HealthConfig config,
      Consumer<HealthWatch> onEnd) {
    this.vertx = vertx;
    this.probe = probe;
    this.instance = instance;
    this.config = config;
    this.onEnd = onEnd;
    this.hysteresis = new Hysteresis(config);
    this.awaits = new HealthyAwaits(vertx, instance, config.startupTimeout(), this::lastResult);
  }

  public Instance instance() {
    return instance;
  }

  public HealthConfig config() {
    return config;
  }

  public synchronized String lastResult() {
    return last.description();
  }

  public synchronized boolean ended() {
    return endReason != null;
  }

  /**
   * Completes once the instance is HEALTHY (at once if it already is); fails with {@link
   * InstanceNotHealthyException} when startup-timeout passes first, counted from this subscription,
   * or as soon as the instance exits or the watch ends. A timeout leaves the watch running.
   */
  public Uni<Void> awaitHealthy() {
    return awaits.await();
  }

  /** The instance ended on its own: awaiters fail now instead of at startup-timeout. */
  public void instanceExited(int exitCode) {
    end("it exited with code " + exitCode);
  }

  /** Ends the polling; a check already in flight is ignored when it answers. */
  public void stop() {
    end("health checks were stopped");
  }

  void listen(HealthListener listener) {
    if (listener != HealthListener.NONE) {
      listeners.add(listener);
    }
  }

  void start() {
    if (started.compareAndSet(false, true)) {
      // One context for the whole loop: its timers and responses run in order on one event loop.
      vertx.getOrCreateContext().runOnContext(() -> schedule(config.gracePeriod().toMillis()));
    }
  }

  private synchronized void schedule(long delayMs) {
    if (endReason == null) {
      timer = vertx.setTimer(Math.max(1, delayMs), id -> check());
    }
  }

  private void check() {
    synchronized (this) {
      if (endReason != null) {
        return;
      }
      timer = -1;
    }
    if (instance.state() == InstanceState.STOPPED) {
      end("the instance was stopped");
      return;
    }
    long startedAt = System.nanoTime();
    probe.check(instance, config).subscribe().with(result -> onResult(result, startedAt));
  }

  private void onResult(CheckResult result, long startedAt) {
    InstanceState from = instance.state();
    InstanceState to;
    int streak;
    synchronized (this) {
      if (endReason != null) {
        return;
      }
      last = result;
      to = hysteresis.record(from, result.passed());
      streak = hysteresis.streak();
    }
    // Compare-and-set: a drain decided while the check ran wins over the check.
    if (to != from && instance.state(from, to)) {
      announce(from, to, streak, result);
    }
    // Every interval from the start of the last check, but never two checks at once.
    schedule(
        config.interval().toMillis() - Duration.ofNanos(System.nanoTime() - startedAt).toMillis());
  }

  private void announce(InstanceState from, InstanceState to, int streak, CheckResult result) {
    LOG.logf(
        to == InstanceState.HEALTHY ? Logger.Level.INFO : Logger.Level.WARN,
        "instance turned %s service=%s version=%s instance=%s after=%d %s last=\"%s\"",
        to.name().toLowerCase(Locale.ROOT),
        instance.service(),
        instance.version(),
        instance.id(),
        streak,
        result.passed() ? "passes" : "failures",
        result.description());
    for (HealthListener listener : listeners) {
      try {
        listener.onHealthChanged(instance, from, to, result.description());
      } catch (RuntimeException e) {
        LOG.warnf(e, "health listener failed instance=%s", instance.id());
      }
    }
    if (to == InstanceState.HEALTHY) {
      awaits.healthy();
    }
  }

  private void end(String reason) {
    synchronized (this) {
      if (endReason != null) {
        return;
      }
      endReason = reason;
      if (timer != -1) {
        vertx.cancelTimer(timer);
      }
    }
    LOG.debugf(
        "health checks ended service=%s instance=%s reason=\"%s\"",
        instance.service(), instance.id(), reason);
    onEnd.accept(this);
    awaits.close(reason);
  }
}
