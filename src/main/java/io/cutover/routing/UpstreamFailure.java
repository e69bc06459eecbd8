package io.cutover.routing;

import java.util.Locale;

/** Why a request sent to an instance got no whole answer from it. */
public enum UpstreamFailure {
  /** The connection to the instance was refused or could not be made: nothing was sent. */
  CONNECT,
  /** The instance closed or reset the connection before its answer was complete. */
  RESET,
  /** The instance did not answer within the upstream timeout. */
  TIMEOUT;

  /** The label value in {@code /q/metrics}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
