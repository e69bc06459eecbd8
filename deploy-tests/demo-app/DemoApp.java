import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instance Cutover's tests and benchmarks deploy: one file, only the JDK, run as {@code java
 * deploy-tests/demo-app/DemoApp.java}.
 *
 * <p>{@code /} answers VERSION, {@code /health} "ok", {@code /slow?ms=N} answers after N ms, {@code
 * /ws} echoes WebSocket frames. Faults come from the environment: FAULT_NEVER_HEALTHY=1,
 * FAULT_CRASH_AFTER=3s, FAULT_SLOW_START=5s, FAULT_ERROR_RATE=0.2, FAULT_LATENCY=200ms (each answer
 * on {@code /} waits that long). It listens on 127.0.0.1 unless BIND_ADDRESS says otherwise (its
 * container images set 0.0.0.0). On SIGTERM it drains: stops accepting, closes idle keep-alive
 * connections, lets in-flight requests finish (up to 30 s), exits 0.
 *
 * <p>Plain blocking sockets and a thread per connection: simple, and with keep-alive fast enough to
 * sit behind a benchmark.
 */
public final class DemoApp {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
  private static final long LATENCY_MS = duration(env("FAULT_LATENCY", "0")).toMillis();
  private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
  // A keep-alive connection silent this long is closed, so idle clients do not pin threads forever.
  private static final int IDLE_TIMEOUT_MS = 120_000;
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final int MAX_FRAME_BYTES = 16 * 1024 * 1024;

  private final String version;
  private final int port;
  private final boolean neverHealthy;
  private final double errorRate;
  private final byte[] versionBody;
  private final ExecutorService connectionThreads =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "demo-connection");
            thread.setDaemon(true);
            return thread;
          });
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile boolean draining;
  private volatile ServerSocket server;

  private DemoApp(String version, int port, boolean neverHealthy, double errorRate) {
    this.version = version;
    this.port = port;
    this.neverHealthy = neverHealthy;
    this.errorRate = errorRate;
    this.versionBody = version.getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    String portText = System.getenv("PORT");
    if (portText == null || portText.isBlank()) {
      System.err.println("demo-app needs the PORT environment variable");
      System.exit(2);
    }
    String version = env("VERSION", "dev");
    boolean neverHealthy = env("FAULT_NEVER_HEALTHY", "").equals("1");
    double errorRate = Double.parseDouble(env("FAULT_ERROR_RATE", "0"));
    Duration slowStart = duration(env("FAULT_SLOW_START", "0"));
    Duration crashAfter = duration(env("FAULT_CRASH_AFTER", "0"));
    DemoApp app = new DemoApp(version, Integer.parseInt(portText.trim()), neverHealthy, errorRate);
    Runtime.getRuntime().addShutdownHook(new Thread(app::drain, "demo-drain"));

    if (neverHealthy) {
      log("demo-app fault never-healthy");
    }
    if (errorRate > 0) {
      log("demo-app fault error-rate=" + errorRate);
    }
    if (!slowStart.isZero()) {
      log("demo-app fault slow-start=" + env("FAULT_SLOW_START", ""));
      Thread.sleep(slowStart.toMillis());
    }
    app.listen();
    if (!crashAfter.isZero()) {
      log("demo-app fault crash-after=" + env("FAULT_CRASH_AFTER", ""));
      app.crashAfter(crashAfter);
    }
    app.acceptLoop();
  }

  private void listen() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    // Loopback unless told: in a container the published port reaches only BIND_ADDRESS=0.0.0.0.
    socket.bind(
        new InetSocketAddress(InetAddress.getByName(env("BIND_ADDRESS", "127.0.0.1")), port), 1024);
    server = socket;
    log("demo-app version=" + version + " port=" + port + " listening");
  }

  private void acceptLoop() {
    while (!draining) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(IDLE_TIMEOUT_MS);
        Connection connection = new Connection(socket);
        connections.add(connection);
        if (draining) {
          connection.closeIfIdle();
        }
        connectionThreads.execute(connection);
      } catch (IOException e) {
        if (!draining) {
          log("demo-app accept failed: " + e.getMessage());
        }
      }
    }
  }

  /** Exits with code 3 and no drain: the crash a deploy must notice. */
  private void crashAfter(Duration delay) {
    Thread crasher =
        new Thread(
            () -> {
              try {
                Thread.sleep(delay.toMillis());
              } catch (InterruptedException e) {
                return;
              }
              log("demo-app crashed exit=3 at=" + System.currentTimeMillis());
              Runtime.getRuntime().halt(3);
            },
            "demo-crash");
    crasher.setDaemon(true);
    crasher.start();
  }

  /** SIGTERM: refuse new connections, finish what is in flight, then exit 0. */
  private void drain() {
    log("demo-app draining");
    draining = true;
    ServerSocket socket = server;
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
    while (!connections.isEmpty() && System.nanoTime() < deadline) {
      connections.forEach(Connection::closeIfIdle);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        break;
      }
    }
    log("demo-app stopped");
    // halt, not exit: we are inside a shutdown hook, and the drain decides the exit code.
    Runtime.getRuntime().halt(0);
  }

  /** One client connection: HTTP/1.1 requests with keep-alive, or a WebSocket after an upgrade. */
  private final class Connection implements Runnable {
    private final Socket socket;
    private boolean busy;
    private boolean closing;
    private WebSocket webSocket;

    Connection(Socket socket) {
      this.socket = socket;
    }

    @Override
    public void run() {
      try (socket) {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        while (true) {
          int first = in.read();
          if (first < 0 || !begin()) {
            return;
          }
          Request request = Request.read(first, in);
          if (request == null) {
            respond(out, 400, "bad request", false, false);
            return;
          }
          if (request.isWebSocket() && request.path().equals("/ws")) {
            upgrade(request, in, out);
            return;
          }
          boolean keepAlive = serve(request, in, out);
          if (!end() || !keepAlive) {
            return;
          }
        }
      } catch (SocketTimeoutException | EOFException e) {
        // idle client or one that went away mid-request: nothing to answer
      } catch (IOException e) {
        // reset by the client or closed by the drain
      } finally {
        connections.remove(this);
        finished();
      }
    }

    private synchronized boolean begin() {
      if (closing) {
        return false;
      }
      busy = true;
      return true;
    }

    /** Returns whether the connection may wait for another request. */
    private synchronized boolean end() {
      busy = false;
      return !closing && !draining;
    }

    private synchronized void finished() {
      busy = false;
      closing = true;
    }

    /**
     * Drain: an idle connection is closed now, a busy one after its answer; a WebSocket is told.
     */
    synchronized void closeIfIdle() {
      if (closing && !busy) {
        return;
      }
      closing = true;
      if (webSocket != null) {
        webSocket.goAway();
      } else if (!busy) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }

    /** Answers one request; returns whether the connection stays open. */
    private boolean serve(Request request, InputStream in, OutputStream out) throws IOException {
      request.skipBody(in);
      boolean keepAlive = request.keepAlive() && !draining;
      boolean head = request.method().equals("HEAD");
      String path = request.path();
      switch (path) {
        case "/" -> {
          if (LATENCY_MS > 0) {
            try {
              Thread.sleep(LATENCY_MS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          if (errorRate > 0 && ThreadLocalRandom.current().nextDouble() < errorRate) {
            respond(out, 500, "injected error", keepAlive, head, request);
          } else {
            respond(out, 200, versionBody, keepAlive, head, request);
          }
        }
        case "/health" -> {
          if (neverHealthy) {
            respond(out, 500, "unhealthy", keepAlive, head, request);
          } else if (draining) {
            respond(out, 503, "draining", keepAlive, head, request);
          } else {
            respond(out, 200, "ok", keepAlive, head, request);
          }
        }
        case "/slow" -> {
          long ms = Long.parseLong(request.param("ms", "1000"));
          log("demo-app slow ms=" + ms + " started");
          try {
            Thread.sleep(ms);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          respond(out, 200, versionBody, keepAlive && !draining, head, request);
        }
        case "/ws" -> respond(out, 426, "expected a WebSocket upgrade", keepAlive, head, request);
        default -> respond(out, 404, "not found", keepAlive, head, request);
      }
      return keepAlive && !draining;
    }

    private void upgrade(Request request, InputStream in, OutputStream out) throws IOException {
      String key = request.header("sec-websocket-key");
      if (key == null) {
        respond(out, 400, "missing Sec-WebSocket-Key", false, false);
        return;
      }
      out.write(
          ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Accept: "
                  + accept(key)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.setSoTimeout(0);
      WebSocket ws = new WebSocket(in, out);
      synchronized (this) {
        webSocket = ws;
        if (closing) {
          ws.goAway();
        }
      }
      ws.echo();
    }

    private void respond(OutputStream out, int status, String body, boolean keepAlive, boolean head)
        throws IOException {
      respond(out, status, body.getBytes(StandardCharsets.UTF_8), keepAlive, head, null);
    }

    private void respond(
        OutputStream out, int status, String body, boolean keepAlive, boolean head, Request request)
        throws IOException {
      respond(out, status, body.getBytes(StandardCharsets.UTF_8), keepAlive, head, request);
    }

    private void respond(
        OutputStream out, int status, byte[] body, boolean keepAlive, boolean head, Request request)
        throws IOException {
      StringBuilder header = new StringBuilder(160);
      header.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
      header.append("Content-Type: text/plain; charset=utf-8\r\n");
      header.append("Content-Length: ").append(body.length).append("\r\n");
      if (!keepAlive) {
        header.append("Connection: close\r\n");
      } else if (request != null && request.http10()) {
        header.append("Connection: keep-alive\r\n");
      }
      header.append("\r\n");
      out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (!head) {
        out.write(body);
      }
      out.flush();
    }
  }

  /** RFC 6455 frames after the handshake: echoes data frames, answers pings, completes closes. */
  private static final class WebSocket {
    private final InputStream in;
    private final OutputStream out;
    private boolean closeSent;

    WebSocket(InputStream in, OutputStream out) {
      this.in = in;
      this.out = out;
    }

    void echo() throws IOException {
      while (true) {
        int b0 = in.read();
        if (b0 < 0) {
          return;
        }
        int b1 = readByte();
        boolean fin = (b0 & 0x80) != 0;
        int opcode = b0 & 0x0F;
        long length = b1 & 0x7F;
        if (length == 126) {
          length = (readByte() << 8) | readByte();
        } else if (length == 127) {
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | readByte();
          }
        }
        if ((b1 & 0x80) == 0) {
          close(1002, "client frames must be masked");
          return;
        }
        if (length > MAX_FRAME_BYTES) {
          close(1009, "frame too large");
          return;
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        if (mask.length < 4 || payload.length < length) {
          return;
        }
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i & 3];
        }
        switch (opcode) {
          case 0x0, 0x1, 0x2 -> frame(fin, opcode, payload);
          case 0x8 -> {
            // Answer with the client's own status code, then the connection is done.
            if (!alreadyClosing()) {
              frame(true, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : payload);
            }
            return;
          }
          case 0x9 -> frame(true, 0xA, payload);
          case 0xA -> {
            // an unsolicited pong needs no answer
          }
          default -> {
            close(1002, "unknown opcode " + opcode);
            return;
          }
        }
      }
    }

    /** Drain: close 1001 (going away); the client answers and the echo loop ends. */
    void goAway() {
      try {
        close(1001, "draining");
      } catch (IOException ignored) {
        // the client is already gone
      }
    }

    private synchronized boolean alreadyClosing() {
      boolean was = closeSent;
      closeSent = true;
      return was;
    }

    private void close(int code, String reason) throws IOException {
      if (alreadyClosing()) {
        return;
      }
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      byte[] payload = new byte[2 + text.length];
      payload[0] = (byte) (code >> 8);
      payload[1] = (byte) code;
      System.arraycopy(text, 0, payload, 2, text.length);
      frame(true, 0x8, payload);
    }

    private void frame(boolean fin, int opcode, byte[] payload) throws IOException {
      synchronized (out) {
        out.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
          out.write(payload.length);
        } else if (payload.length < 65536) {
          out.write(126);
          out.write(payload.length >> 8);
          out.write(payload.length);
        } else {
          out.write(127);
          for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) ((long) payload.length >> shift));
          }
        }
        out.write(payload);
        out.flush();
      }
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException();
      }
      return b;
    }
  }

  /** The parts of an HTTP/1.1 request head this app needs. */
  private record Request(
      String method, String path, String query, boolean http10, Map<String, String> headers) {

    /** Reads the head whose first byte was already read; null when it is malformed. */
    static Request read(int first, InputStream in) throws IOException {
      StringBuilder line = new StringBuilder(128);
      line.append((char) first);
      int total = readLine(in, line);
      String[] parts = line.toString().split(" ");
      if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
        return null;
      }
      Map<String, String> headers = new HashMap<>();
      while (true) {
        line.setLength(0);
        total += readLine(in, line);
        if (total > MAX_HEADER_BYTES) {
          return null;
        }
        if (line.length() == 0) {
          break;
        }
        int colon = line.indexOf(":");
        if (colon > 0) {
          String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
          headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
      }
      String target = parts[1];
      int question = target.indexOf('?');
      String path = question < 0 ? target : target.substring(0, question);
      String query = question < 0 ? "" : target.substring(question + 1);
      return new Request(parts[0], path, query, parts[2].equals("HTTP/1.0"), headers);
    }

    String header(String name) {
      return headers.get(name);
    }

    boolean keepAlive() {
      String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
      return http10 ? connection.contains("keep-alive") : !connection.contains("close");
    }

    boolean isWebSocket() {
      return headers.getOrDefault("upgrade", "").toLowerCase(Locale.ROOT).contains("websocket");
    }

    String param(String name, String fallback) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return pair.substring(eq + 1);
        }
      }
      return fallback;
    }

    /** Reads and drops the body, so the next request on the connection starts at its head. */
    void skipBody(InputStream in) throws IOException {
      String length = headers.get("content-length");
      if (length != null) {
        in.skipNBytes(Long.parseLong(length.trim()));
      } else if (headers.getOrDefault("transfer-encoding", "").contains("chunked")) {
        StringBuilder line = new StringBuilder();
        while (true) {
          line.setLength(0);
          readLine(in, line);
          int semicolon = line.indexOf(";");
          String size = semicolon < 0 ? line.toString() : line.substring(0, semicolon);
          long chunk = Long.parseLong(size.trim(), 16);
          if (chunk == 0) {
            do {
              line.setLength(0);
              readLine(in, line);
            } while (line.length() > 0);
            return;
          }
          in.skipNBytes(chunk);
          line.setLength(0);
          readLine(in, line);
        }
      }
    }

    /** Appends one line without its CRLF; returns the bytes read. */
    private static int readLine(InputStream in, StringBuilder line) throws IOException {
      int count = 0;
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new EOFException();
        }
        count++;
        if (b == '\n') {
          int end = line.length() - 1;
          if (end >= 0 && line.charAt(end) == '\r') {
            line.setLength(end);
          }
          return count;
        }
        if (count > MAX_HEADER_BYTES) {
          return count;
        }
        line.append((char) b);
      }
    }
  }

  private static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key.trim() + WS_GUID).getBytes(StandardCharsets.ISO_8859_1));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 426 -> "Upgrade Required";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  /**
   * The gateway's duration format ({@code io.cutover.config.Durations}): a whole number with ms, s,
   * m or h, or {@code 0} alone. Written again here because this program is one file run with the
   * JDK alone and cannot see the gateway's classes; DemoAppDurationsTest holds the two to the same
   * rules.
   */
  static Duration duration(String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: write a whole number with a unit, e.g. 500ms, 2s, 5m or 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  private static void log(String line) {
    System.out.println(line);
  }
}
