package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The admin API over the JDK's HTTP client. Every answer the user can act on becomes a {@link
 * CliFailure}: 4xx with the problem's {@code detail} (exit 4), 5xx or no answer (exit 3).
 */
final class AdminClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The token and where it came from, to name that place when the gateway refuses it. */
  record Token(String value, String source) {}

  private final String gateway;
  private final Token token;
  private HttpClient http;

  AdminClient(String gateway, Token token) {
    this.gateway = gateway;
    this.token = token;
    this.http = null;
  }

  String gateway() {
    return gateway;
  }

  JsonNode get(String path) {
    return call("GET", path, null);
  }

  JsonNode post(String path, Object body) {
    return call("POST", path, body);
  }

  /**
   * One JSON call over {@link HttpURLConnection}: it starts in a fraction of the time the {@link
   * HttpClient} needs (no selector thread, no HTTP/2 tables), which `cutover status` feels; the
   * streams use the HttpClient.
   */
  private JsonNode call(String method, String path, Object body) {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(gateway + path).toURL().openConnection();
      connection.setConnectTimeout(5_000);
      connection.setRequestMethod(method);
      connection.setRequestProperty("Authorization", "Bearer " + token.value());
      connection.setRequestProperty("Accept", "application/json");
      if (body != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (var out = connection.getOutputStream()) {
          out.write(JSON.writeValueAsBytes(body));
        }
      }
      int status = connection.getResponseCode();
      InputStream stream =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String text = stream == null ? "" : new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      check(status, text);
      return text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "the gateway answered something that is not JSON: is "
              + gateway
              + " a Cutover admin port?");
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** Reads a streamed answer line by line until it ends (or the user stops it). */
  void lines(String path, String accept, String lastEventId, Consumer<String> line) {
    HttpRequest.Builder builder = request(path).setHeader("Accept", accept);
    if (lastEventId != null) {
      builder.header("Last-Event-ID", lastEventId);
    }
    HttpRequest request = builder.GET().build();
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
    HttpResponse<InputStream> response = sendStream(request);
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String next = reader.readLine(); next != null; next = reader.readLine()) {
        line.accept(next);
      }
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(gateway + path))
        .header("Authorization", "Bearer " + token.value())
        .header("Accept", "application/json");
  }

  private HttpResponse<InputStream> sendStream(HttpRequest request) {
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() >= 400) {
        try (InputStream body = response.body()) {
          check(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
      return response;
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNREACHABLE, "interrupted while waiting for " + gateway);
    }
  }

  private void check(int status, String body) {
    if (status < 400) {
      return;
    }
    String detail = Problems.detail(body);
    if (status == 401) {
      throw new CliFailure(
          CliFailure.REFUSED,
          "the gateway at "
              + gateway
              + " refused the token from "
              + token.source()
              + ": pass the one it wrote to <data-dir>/token with --token or CUTOVER_TOKEN");
    }
    if (status >= 500) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "the gateway at " + gateway + " answered " + status + ": " + detail);
    }
    throw new ProblemAnswer(status, detail);
  }

  private CliFailure unreachable(IOException e) {
    String why =
        e instanceof ConnectException
                || e instanceof HttpConnectTimeoutException
                || e instanceof java.net.SocketTimeoutException
            ? "nothing answers there"
            : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    return new CliFailure(
        CliFailure.UNREACHABLE,
        "cannot reach the gateway at "
            + gateway
            + " ("
            + why
            + "): start it with `bin/cutover gateway`, or point --gateway / CUTOVER_GATEWAY at it");
  }
}
