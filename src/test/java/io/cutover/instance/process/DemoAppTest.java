package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static io.cutover.support.LoopbackHttp.get;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.LoopbackHttp;
import io.cutover.support.ServiceFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo app the deploy suite and the benchmark run: each test starts it as a real process. */
class DemoAppTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dataDir;
  private ProcessDriver driver;
  private final ExitReports exits = new ExitReports();

  @BeforeEach
  void startDriver() {
    driver = new ProcessDriver(dataDir);
  }

  @AfterEach
  void stopDriver() {
    driver.shutdown();
  }

  @Test
  void itIsHealthyAndKeepsOneConnectionAliveAcrossRequests() throws IOException {
    Instance instance = start(DemoAppCommand.service("demo"));

    try (Socket socket = new Socket("127.0.0.1", instance.port())) {
      socket.setSoTimeout(10_000);
      for (String path : List.of("/health", "/", "/nowhere")) {
        write(socket, "GET " + path + " HTTP/1.1\r\nHost: demo\r\n\r\n");
        String response = readResponse(socket.getInputStream());
        switch (path) {
          case "/health" ->
              assertTrue(
                  response.startsWith("HTTP/1.1 200 OK\r\n") && response.endsWith("\r\n\r\nok"),
                  response);
          case "/" ->
              assertTrue(
                  response.contains("Content-Length: 2\r\n") && response.endsWith("\r\n\r\nv1"),
                  response);
          default -> assertTrue(response.startsWith("HTTP/1.1 404 "), response);
        }
      }
    }
  }

  @Test
  void neverHealthyAnswers500OnHealthAndStillServesItsVersion() {
    Instance instance = start(DemoAppCommand.service("sick").env("FAULT_NEVER_HEALTHY", "1"));

    assertEquals(500, get(instance.port(), "/health").statusCode());
    assertEquals("v1", get(instance.port(), "/").body());
    // The tail follows the log file by polling: the line shows up within a poll or two.
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> instance.logs().lines().contains("demo-app fault never-healthy"));
  }

  @Test
  void anErrorRateAnswersAboutThatShareOfRequestsWith500() {
    Instance instance = start(DemoAppCommand.service("flaky").env("FAULT_ERROR_RATE", "0.2"));

    int requests = 500;
    int errors = 0;
    for (int i = 0; i < requests; i++) {
      int status = get(instance.port(), "/").statusCode();
      assertTrue(status == 200 || status == 500, "status " + status);
      errors += status == 500 ? 1 : 0;
    }

    // 100 expected; 60..140 is beyond 4 standard deviations (8.9) either way.
    assertTrue(errors >= 60 && errors <= 140, errors + " errors in " + requests);
  }

  @Test
  void theWebSocketEchoesTextAndBinaryFramesAndAnswersPings() throws Exception {
    Instance instance = start(DemoAppCommand.service("ws"));
    Echoes echoes = new Echoes();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + instance.port() + "/ws"), echoes)
            .get(30, TimeUnit.SECONDS);

    ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
    assertEquals("hello", echoes.nextText());
    byte[] large = new byte[70_000]; // beyond the 16-bit length: exercises the 64-bit form
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) i;
    }
    ws.sendBinary(ByteBuffer.wrap(large), true).get(10, TimeUnit.SECONDS);
    assertArrayEquals(large, echoes.nextBinary());
    ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS);
    assertArrayEquals(new byte[] {1, 2, 3}, echoes.nextPong());
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    assertEquals(WebSocket.NORMAL_CLOSURE, echoes.closed().get(10, TimeUnit.SECONDS));
  }

  @Test
  void onSigtermASlowRequestInFlightCompletesAndOpenWebSocketsAreToldGoingAway() throws Exception {
    Instance instance = start(DemoAppCommand.service("drainer"));
    Process process = driver.process(instance).orElseThrow();
    Echoes echoes = new Echoes();
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + instance.port() + "/ws"), echoes)
        .get(30, TimeUnit.SECONDS);
    CompletableFuture<HttpResponse<String>> slow =
        LoopbackHttp.getAsync(instance.port(), "/slow?ms=2000");
    await()
        .atMost(START)
        .until(() -> instance.logs().lines().contains("demo-app slow ms=2000 started"));

    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(START);

    HttpResponse<String> response = slow.get(10, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("v1", response.body());
    assertEquals(1001, echoes.closed().get(10, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                instance
                    .logs()
                    .lines()
                    .containsAll(List.of("demo-app draining", "demo-app stopped")));
    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", instance.port()).close());
  }

  @Test
  void aSlowStartBindsThePortOnlyAfterTheDelay() {
    Instance instance =
        driver
            .start(
                DemoAppCommand.service("sluggish").env("FAULT_SLOW_START", "3s").spec("v1", 0),
                exits)
            .await()
            .atMost(START);
    await()
        .atMost(START)
        .until(() -> instance.logs().lines().contains("demo-app fault slow-start=3s"));
    long faultSeenAt = System.nanoTime();

    assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", instance.port()).close());
    awaitAnswering(instance);

    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - faultSeenAt);
    assertTrue(waitedMs >= 2000, "answered " + waitedMs + " ms after the slow-start line");
  }

  @Test
  void crashAfterExitsWithCode3WithoutDraining() {
    Instance instance =
        driver
            .start(
                DemoAppCommand.service("crashy").env("FAULT_CRASH_AFTER", "500ms").spec("v1", 0),
                exits)
            .await()
            .atMost(START);

    await().atMost(START).until(() -> !exits.isEmpty());

    assertEquals(3, exits.all().get(0).exitCode());
    List<String> lines = instance.logs().lines();
    assertTrue(lines.contains("demo-app fault crash-after=500ms"), lines.toString());
    assertTrue(lines.stream().noneMatch(l -> l.equals("demo-app draining")), lines.toString());
  }

  @Test
  void withoutPortItRefusesToStart() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(DemoAppCommand.command()).redirectErrorStream(true);
    builder.environment().remove("PORT");
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(2, process.exitValue());
      assertTrue(output.contains("demo-app needs the PORT environment variable"), output);
    } finally {
      process.destroyForcibly();
    }
  }

  private Instance start(ServiceFixture service) {
    Instance instance = driver.start(service.spec("v1", 0), exits).await().atMost(START);
    awaitAnswering(instance);
    return instance;
  }

  private static void write(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Reads one response head and its Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.append((char) b);
    }
    String lengthLine =
        head.toString()
            .lines()
            .filter(l -> l.startsWith("Content-Length: "))
            .findFirst()
            .orElseThrow();
    int length = Integer.parseInt(lengthLine.substring("Content-Length: ".length()).trim());
    return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  /** Collects what the server sends on a java.net.http WebSocket, whole messages at a time. */
  private static final class Echoes implements WebSocket.Listener {
    private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletableFuture<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletableFuture<?> onPong(WebSocket ws, ByteBuffer data) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      messages.add(new Pong(bytes));
      ws.request(1);
      return null;
    }

    @Override
    public CompletableFuture<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    String nextText() throws InterruptedException {
      return (String) next();
    }

    byte[] nextBinary() throws InterruptedException {
      return (byte[]) next();
    }

    byte[] nextPong() throws InterruptedException {
      return ((Pong) next()).payload();
    }

    CompletableFuture<Integer> closed() {
      return closed;
    }

    private Object next() throws InterruptedException {
      Object message = messages.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no WebSocket message within 10 s");
      }
      return message;
    }

    private record Pong(byte[] payload) {}
  }
}
