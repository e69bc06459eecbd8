package io.cutover.api;

import io.cutover.support.AdminApi;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a whole {@code text/event-stream} answer with one plain Vert.x HTTP request (no retries, no
 * reconnects), so a test sees exactly what one connection carried and that it ended.
 */
final class SseFrames {
  /** One SSE event as sent. */
  record Frame(String id, String event, String data) {}

  /** The answer: status, Content-Type and the events, in order. */
  record Stream(int status, String contentType, List<Frame> frames, String body) {}

  private SseFrames() {}

  /** GETs {@code path} with {@code Accept: text/event-stream} and waits for the end. */
  static Stream read(String path, long timeoutSeconds) {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
      return client
          .request(HttpMethod.GET, RestAssured.port, "127.0.0.1", path)
          .compose(
              request ->
                  request
                      .putHeader("Accept", "text/event-stream")
                      .putHeader("Authorization", "Bearer " + AdminApi.token())
                      .send()
                      .compose(
                          response ->
                              response
                                  .body()
                                  .map(
                                      body ->
                                          new Stream(
                                              response.statusCode(),
                                              response.getHeader("Content-Type"),
                                              parse(body.toString()),
                                              body.toString()))))
          .toCompletionStage()
          .toCompletableFuture()
          .get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("event stream " + path + " did not end: " + e, e);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  static List<Frame> parse(String text) {
    List<Frame> frames = new ArrayList<>();
    for (String block : text.split("\r?\n\r?\n")) {
      String id = null;
      String event = null;
      StringBuilder data = null;
      for (String line : block.split("\r?\n")) {
        if (line.startsWith("id:")) {
          id = value(line);
        } else if (line.startsWith("event:")) {
          event = value(line);
        } else if (line.startsWith("data:")) {
          data = data == null ? new StringBuilder() : data.append('\n');
          data.append(value(line));
        }
      }
      if (data != null) {
        frames.add(new Frame(id, event, data.toString()));
      }
    }
    return frames;
  }

  private static String value(String line) {
    String value = line.substring(line.indexOf(':') + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }
}
