package io.cutover.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real webhook receiver on 127.0.0.1: records every delivery it gets (headers, body, time) and
 * answers with the statuses it was told, in order (the last one from then on); status 0 means it
 * never answers.
 */
final class WebhookReceiver implements AutoCloseable {
  record Delivery(Map<String, String> headers, byte[] body, long atNanos) {}

  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final List<Integer> answers;
  private final AtomicInteger next = new AtomicInteger();

  WebhookReceiver(Integer... answers) {
    this.answers = List.of(answers);
    this.server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request.body(
                        body -> {
                          Map<String, String> headers = new ConcurrentHashMap<>();
                          request
                              .headers()
                              .forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                          deliveries.add(
                              new Delivery(headers, body.result().getBytes(), System.nanoTime()));
                          int i = Math.min(next.getAndIncrement(), this.answers.size() - 1);
                          int status = this.answers.get(i);
                          if (status != 0) {
                            request.response().setStatusCode(status).end();
                          }
                        }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .join();
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks/deploys";
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  @Override
  public void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }
}
