package io.cutover.notify;

import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * How one try ended: delivered (2xx), or failed and worth another try (no answer, 5xx, 429), or
 * failed for good (any other answer: the receiver refuses this body, a retry changes nothing).
 *
 * @param status the HTTP status, or 0 when none came
 * @param reason what happened, for a person
 */
record AttemptOutcome(boolean delivered, boolean retryable, int status, String reason) {

  static AttemptOutcome answered(int status) {
    if (status >= 200 && status < 300) {
      return new AttemptOutcome(true, false, status, "HTTP " + status);
    }
    boolean retryable = status >= 500 || status == 429;
    return new AttemptOutcome(false, retryable, status, "HTTP " + status);
  }

  /** Every failure to get an answer is retried: connection refused, reset, timeout, TLS, DNS. */
  static AttemptOutcome noAnswer(Throwable failure, long timeoutMs) {
    String reason;
    if (failure instanceof TimeoutException
        || failure instanceof io.smallrye.mutiny.TimeoutException) {
      reason = "no answer within " + timeoutMs + " ms";
    } else if (failure instanceof ConnectException) {
      reason = "could not connect: " + failure.getMessage();
    } else if (failure instanceof HttpClosedException) {
      reason = "connection closed before an answer";
    } else {
      reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
    return new AttemptOutcome(false, true, 0, reason);
  }
}
