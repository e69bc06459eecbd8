package io.cutover.notify;

import io.cutover.config.NotifyTarget;
import io.cutover.release.ReleaseEventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.ext.web.codec.BodyCodec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One notification to one webhook: tries until it is delivered, refused, or out of attempts, with
 * doubling waits between tries, and records each try's answer as an event of the release.
 */
final class WebhookDelivery {
  private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);

  private final Notification notification;
  private final NotifyTarget target;
  private final String secret;
  private final WebClient client;
  private final NotificationRecords records;
  private final NotifyConfig config;

  /**
   * @param secret the HMAC secret, or null to send unsigned
   */
  WebhookDelivery(
      Notification notification,
      NotifyTarget target,
      String secret,
      WebClient client,
      NotificationRecords records,
      NotifyConfig config) {
    this.notification = notification;
    this.target = target;
    this.secret = secret;
    this.client = client;
    this.records = records;
    this.config = config;
  }

  /** Every try and its record; never fails. */
  Uni<Void> run() {
    return attempt(1);
  }

  private Uni<Void> attempt(int attempt) {
    return send()
        .chain(
            outcome -> {
              boolean again = outcome.retryable() && attempt < config.attempts();
              Duration wait = config.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
              Uni<Void> recorded = record(outcome, attempt, again ? wait : null);
              return again
                  ? recorded.onItem().delayIt().by(wait).chain(() -> attempt(attempt + 1))
                  : recorded;
            });
  }

  private Uni<AttemptOutcome> send() {
    long timeoutMs = Math.max(1, config.timeout().toMillis());
    URI url = target.url();
    HttpRequest<Void> request =
        client
            .postAbs(withoutUserInfo(url))
            .timeout(timeoutMs)
            .putHeader("Content-Type", "application/json")
            .putHeader("User-Agent", "cutover-notify")
            .putHeader("X-Cutover-Event", notification.eventType())
            .putHeader("X-Cutover-Delivery", notification.deliveryId())
            .as(BodyCodec.none());
    if (secret != null) {
      request.putHeader(WebhookSignature.HEADER, WebhookSignature.of(secret, notification.body()));
    }
    if (url.getRawUserInfo() != null) {
      String[] parts = url.getRawUserInfo().split(":", 2);
      request.basicAuthentication(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
    }
    return request
        // request.timeout covers the whole try, connect to answer: no second timer needed.
        .sendBuffer(Buffer.buffer(notification.body()))
        .map(response -> AttemptOutcome.answered(response.statusCode()))
        .onFailure()
        .recoverWithItem(failure -> AttemptOutcome.noAnswer(failure, timeoutMs));
  }

  private Uni<Void> record(AttemptOutcome outcome, int attempt, Duration retryIn) {
    String tries = " (attempt " + attempt + " of " + config.attempts() + ")";
    String message;
    if (outcome.delivered()) {
      message =
          notification.eventType()
              + " delivered to "
              + target.shownUrl()
              + ": "
              + outcome.reason()
              + tries;
    } else {
      message =
          notification.eventType()
              + " to "
              + target.shownUrl()
              + " failed: "
              + outcome.reason()
              + tries
              + "; "
              + (retryIn != null
                  ? "retrying in " + retryIn.toMillis() + " ms"
                  : outcome.retryable() ? "giving up" : "not retried: the receiver refused it");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("deliveryId", notification.deliveryId());
    data.put("url", target.shownUrl());
    data.put("event", notification.eventType());
    data.put("attempt", attempt);
    data.put("attempts", config.attempts());
    data.put("status", outcome.status() == 0 ? null : outcome.status());
    data.put("reason", outcome.reason());
    data.put("retry", retryIn != null);
    if (retryIn != null) {
      data.put("retryInMillis", retryIn.toMillis());
    }
    ReleaseEventType type =
        outcome.delivered()
            ? ReleaseEventType.NOTIFICATION_DELIVERED
            : ReleaseEventType.NOTIFICATION_FAILED;
    LOG.infof(
        "notification %s release=%d delivery=%s url=%s attempt=%d reason=%s",
        outcome.delivered() ? "delivered" : "failed",
        notification.releaseId(),
        notification.deliveryId(),
        target.shownUrl(),
        attempt,
        outcome.reason());
    return records.record(notification.releaseId(), type, message, data);
  }

  private static String withoutUserInfo(URI url) {
    return url.getRawUserInfo() == null
        ? url.toString()
        : url.toString().replace(url.getRawUserInfo() + "@", "");
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }
}
