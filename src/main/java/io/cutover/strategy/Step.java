package io.cutover.strategy;

import java.time.Duration;

/**
 * One thing the executor does during a deploy. Sealed, and dispatched through {@link Visitor}: a
 * new kind of step adds a visitor method, so the executor does not compile until it handles it.
 */
public sealed interface Step {

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of step (Java 17 has no exhaustive switch over sealed types). */
  interface Visitor<R> {
    R startNew(StartNew step);

    R awaitHealthy(AwaitHealthy step);

    R shiftTraffic(ShiftTraffic step);

    R shareByInstances(ShareByInstances step);

    R pause(Pause step);

    R analyze(Analyze step);

    R bake(Bake step);

    R retireOld(RetireOld step);
  }

  /** Start {@code count} more instances of the new version; they get no traffic yet. */
  record StartNew(int count) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.startNew(this);
    }

    public StartNew {
      if (count < 1) {
        throw new IllegalArgumentException("StartNew needs count >= 1, got " + count);
      }
    }
  }

  /** Wait until every started new instance is healthy; past startup-timeout the deploy fails. */
  record AwaitHealthy() implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.awaitHealthy(this);
    }
  }

  /**
   * Give the new version {@code newWeight} percent of new requests and the live version the rest,
   * in one table swap. 100 is the switch.
   */
  record ShiftTraffic(int newWeight) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.shiftTraffic(this);
    }

    public ShiftTraffic {
      if (newWeight < 0 || newWeight > 100) {
        throw new IllegalArgumentException("ShiftTraffic weight must be 0..100, got " + newWeight);
      }
    }
  }

  /**
   * Split traffic per healthy instance across both versions (each instance gets an equal share), as
   * a rolling replacement does.
   */
  record ShareByInstances() implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.shareByInstances(this);
    }
  }

  /** Wait {@code duration}; zero waits for promote. The release is {@code paused} meanwhile. */
  record Pause(Duration duration) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.pause(this);
    }
  }

  /**
   * Hold the current weights for {@code window} while judging the new version by {@code
   * deploy.analysis} from the gateway's own measurements: a broken limit fails the deploy at once;
   * past the window, fewer than {@code min-requests} is inconclusive ({@code
   * deploy.analysis.inconclusive}: pause, promote or fail). A zero window waits for promote (the
   * release is {@code paused} meanwhile); a promote always ends the window.
   */
  record Analyze(Duration window) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.analyze(this);
    }
  }

  /**
   * After the switch, watch the new version for {@code duration} while the old instances stay warm;
   * unhealthy or over the analysis limits rolls back.
   */
  record Bake(Duration duration) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.bake(this);
    }
  }

  /**
   * Take {@code count} instances of the old version out of the table, drain them and stop them
   * ({@link Integer#MAX_VALUE}: all).
   */
  record RetireOld(int count) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.retireOld(this);
    }

    public static RetireOld all() {
      return new RetireOld(Integer.MAX_VALUE);
    }
  }
}
