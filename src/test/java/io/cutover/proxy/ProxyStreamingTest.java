package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.LoopbackInstance;
import io.cutover.support.MemoryWatch;
import io.cutover.support.ProxyHarness;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies pass through chunk by chunk: a 200 MB body never sits whole in the gateway. */
class ProxyStreamingTest {
  private static final long BODY = 200L * 1024 * 1024;
  private static final long MEMORY_LIMIT = 48L * 1024 * 1024;

  private final ProxyHarness harness = new ProxyHarness();
  private final HttpClient client =
      harness.vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void a200MegabyteDownloadStreamsThroughWithLittleMemory() throws Exception {
    harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    AtomicLong received = new AtomicLong();
    try (MemoryWatch memory = MemoryWatch.start()) {
      int status =
          ProxyHarness.await(
              client
                  .request(options(HttpMethod.GET, "/bytes?n=" + BODY))
                  .compose(HttpClientRequestSend::send)
                  .compose(
                      resp -> {
                        resp.handler(chunk -> received.addAndGet(chunk.length()));
                        return resp.end().map(v -> resp.statusCode());
                      }));
      assertEquals(200, status);
      assertEquals(BODY, received.get());
      assertTrue(
          memory.peakGrowth() < MEMORY_LIMIT,
          "memory grew " + memory.peakGrowth() / 1024 / 1024 + " MiB for a 200 MiB body");
    }
  }

  @Test
  void a200MegabyteUploadStreamsThroughWhileTheClientIsStillSending(@TempDir Path dir)
      throws Exception {
    Path upload = dir.resolve("upload.bin");
    try (RandomAccessFile raf = new RandomAccessFile(upload.toFile(), "rw")) {
      raf.setLength(BODY);
    }
    LoopbackInstance instance = harness.instance("v1");
    harness.route("web", "web.localhost", "/", instance.backend());
    AtomicLong seenBeforeLastChunk = new AtomicLong(-1);
    try (MemoryWatch memory = MemoryWatch.start()) {
      AsyncFile file =
          ProxyHarness.await(
              harness.vertx.fileSystem().open(upload.toString(), new OpenOptions().setRead(true)));
      ReadStream<Buffer> body =
          new WatchedBody(
              file, BODY * 9 / 10, () -> seenBeforeLastChunk.set(instance.uploadBytesSeen()));
      String counted =
          ProxyHarness.await(
              client
                  .request(
                      options(HttpMethod.POST, "/upload")
                          .putHeader("Content-Length", Long.toString(BODY)))
                  .compose(req -> req.send(body))
                  .compose(resp -> resp.body().map(Buffer::toString)));
      assertEquals(Long.toString(BODY), counted);
      assertTrue(
          seenBeforeLastChunk.get() > BODY / 2,
          "the instance had " + seenBeforeLastChunk.get() + " bytes when the client had sent 90%");
      assertTrue(
          memory.peakGrowth() < MEMORY_LIMIT,
          "memory grew " + memory.peakGrowth() / 1024 / 1024 + " MiB for a 200 MiB body");
    }
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions()
        .setMethod(method)
        .setHost("127.0.0.1")
        .setPort(harness.port())
        .setURI(uri)
        .putHeader("Host", "web.localhost")
        .setIdleTimeout(60_000);
  }

  /** Names the one-argument send for use in a compose chain. */
  private interface HttpClientRequestSend {
    static Future<io.vertx.core.http.HttpClientResponse> send(
        io.vertx.core.http.HttpClientRequest req) {
      return req.send();
    }
  }

  /** A file body that reports when most of it has been handed to the client connection. */
  private static final class WatchedBody implements ReadStream<Buffer> {
    private final AsyncFile file;
    private final long mark;
    private final Runnable atMark;
    private long delivered;

    WatchedBody(AsyncFile file, long mark, Runnable atMark) {
      this.file = file;
      this.mark = mark;
      this.atMark = atMark;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
      file.handler(
          handler == null
              ? null
              : chunk -> {
                long before = delivered;
                delivered += chunk.length();
                if (before < mark && delivered >= mark) {
                  atMark.run();
                }
                handler.handle(chunk);
              });
      return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      file.exceptionHandler(handler);
      return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
      file.pause();
      return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
      file.resume();
      return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
      file.fetch(amount);
      return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> handler) {
      file.endHandler(handler);
      return this;
    }
  }
}
