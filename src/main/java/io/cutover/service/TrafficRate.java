package io.cutover.service;

import java.util.Collection;

/**
 * Requests and errors per second (5xx answers and connection failures) over the last {@link
 * TrafficRates#WINDOW_SECONDS} seconds.
 */
public record TrafficRate(double requestsPerSecond, double errorsPerSecond) {
  public static final TrafficRate NONE = new TrafficRate(0, 0);

  /** Errors over requests, 0 when there were none. */
  public double errorRate() {
    return requestsPerSecond == 0 ? 0 : errorsPerSecond / requestsPerSecond;
  }

  public static TrafficRate sum(Collection<TrafficRate> rates) {
    double requests = 0;
    double errors = 0;
    for (TrafficRate rate : rates) {
      requests += rate.requestsPerSecond;
      errors += rate.errorsPerSecond;
    }
    return new TrafficRate(requests, errors);
  }
}
