package io.cutover.health;

import io.cutover.instance.Instance;
import java.time.Duration;

/** An instance did not turn healthy: it ran out of startup-timeout, exited, or was given up on. */
public final class InstanceNotHealthyException extends RuntimeException {
  private final transient Instance instance;
  private final String lastResult;
  private final Duration waited;

  public InstanceNotHealthyException(
      Instance instance, String reason, String lastResult, Duration waited) {
    super(
        "instance "
            + instance.id()
            + " of "
            + instance.service()
            + " "
            + instance.version()
            + " did not turn healthy: "
            + reason
            + "; waited "
            + waited.toMillis()
            + "ms; last check: "
            + lastResult);
    this.instance = instance;
    this.lastResult = lastResult;
    this.waited = waited;
  }

  public Instance instance() {
    return instance;
  }

  public String lastResult() {
    return lastResult;
  }

  public Duration waited() {
    return waited;
  }
}
