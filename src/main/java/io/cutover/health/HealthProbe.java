package io.cutover.health;

import io.cutover.config.HealthConfig;
import io.cutover.instance.Instance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** One health check: a GET on the instance that never fails, it always ends in a result. */
final class HealthProbe {
  private final Vertx vertx;
  private final WebClient client;

  HealthProbe(Vertx vertx) {
    this.vertx = vertx;
    // No keep-alive: each check proves the instance still accepts connections, and a stale pooled
    // connection can never fake a failure. No redirects: only a 2xx from the instance itself
    // passes.
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setKeepAlive(false)
                .setFollowRedirects(false)
                .setUserAgent("cutover-health"));
  }

  Uni<CheckResult> check(Instance instance, HealthConfig config) {
    String path = config.path();
    long timeoutMs = Math.max(1, config.timeout().toMillis());
    return Uni.createFrom()
        .emitter(
            emitter -> {
              // The request's own timeout is an idle timeout; this one bounds the whole check.
              long deadline =
                  vertx.setTimer(timeoutMs, id -> emitter.complete(timedOut(path, timeoutMs)));
              client
                  .get(instance.port(), instance.host(), path)
                  .timeout(timeoutMs)
                  .send()
                  .subscribe()
                  .with(
                      response -> {
                        vertx.cancelTimer(deadline);
                        emitter.complete(CheckResult.answered(path, response.statusCode()));
                      },
                      failure -> {
                        vertx.cancelTimer(deadline);
                        emitter.complete(describe(failure, instance, path, timeoutMs));
                      });
            });
  }

  void close() {
    client.close();
  }

  private static CheckResult describe(
      Throwable failure, Instance instance, String path, long timeoutMs) {
    String address = instance.host() + ":" + instance.port();
    if (failure instanceof TimeoutException) {
      return timedOut(path, timeoutMs);
    }
    if (failure instanceof ConnectException) {
      String message = String.valueOf(failure.getMessage());
      return CheckResult.failed(
          message.contains("refused")
              ? "connection refused by " + address
              : "could not connect to " + address + ": " + message);
    }
    if (failure instanceof HttpClosedException) {
      return CheckResult.failed("connection closed by " + address + " before an answer");
    }
    return CheckResult.failed(
        "GET "
            + path
            + " failed: "
            + failure.getClass().getSimpleName()
            + " "
            + failure.getMessage());
  }

  private static CheckResult timedOut(String path, long timeoutMs) {
    return CheckResult.failed("GET " + path + " timed out after " + timeoutMs + "ms");
  }
}
