package io.cutover.instance;

import io.smallrye.mutiny.CompositeException;

/**
 * A start refused because the gateway is stopping: expected when it is stopped during boot or a
 * deploy, so callers log it quietly, not as an error.
 */
public final class GatewayStoppingException extends InstanceStartException {
  public GatewayStoppingException(String service) {
    super(service, "the gateway is shutting down");
  }

  /** Whether this failure (or every failure it collects) is such a refusal. */
  public static boolean causedBy(Throwable failure) {
    if (failure instanceof CompositeException composite) {
      return composite.getCauses().stream().allMatch(GatewayStoppingException::causedBy);
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GatewayStoppingException) {
        return true;
      }
    }
    return false;
  }
}
