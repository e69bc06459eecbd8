package io.cutover.support;

import static org.awaitility.Awaitility.await;

import io.cutover.instance.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Single plain HTTP/1.1 requests to an instance on 127.0.0.1: no retries, so failures show. */
public final class LoopbackHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private LoopbackHttp() {}

  public static HttpResponse<String> get(int port, String pathAndQuery) {
    try {
      return CLIENT.send(request(port, pathAndQuery), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET to another loopback address (a pod's own 127.0.0.x in the kubernetes tests). */
  public static HttpResponse<String> get(String host, int port, String pathAndQuery) {
    try {
      return CLIENT.send(
          HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pathAndQuery))
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A port free on every address now (bound on 0.0.0.0, then let go). */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CompletableFuture<HttpResponse<String>> getAsync(int port, String pathAndQuery) {
    return CLIENT.sendAsync(request(port, pathAndQuery), HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until the instance answers on its port (any status): it has bound and serves. */
  public static void awaitAnswering(Instance instance) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> get(instance.port(), "/").statusCode() > 0);
  }

  private static HttpRequest request(int port, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .build();
  }
}
