package io.cutover.deploytests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * HTTP/1.1 written by hand on a plain socket, for the requests no HTTP client would send. Every
 * step is bounded: connect, write and read, so a gateway that stops answering shows up as {@link
 * Hung}, never as a test that waits forever.
 */
final class RawHttp {
  /** The gateway closed the connection without answering. */
  static final int NO_ANSWER = -1;

  /** The gateway answered something that is not an HTTP/1.x status line. */
  static final int NOT_HTTP = -2;

  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 5_000;
  private static final int MAX_HEAD = 16 * 1024;

  private RawHttp() {}

  /** What came back: the status (or NO_ANSWER, NOT_HTTP) and the start of the answer. */
  record Answer(int status, String start) {}

  /** The gateway kept the connection open without answering for the whole read timeout. */
  static final class Hung extends Exception {
    Hung(String message) {
      super(message);
    }
  }

  /** A request: the request line, header lines, then the body, as bytes. */
  static byte[] request(String requestLine, List<String> headerLines, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 512);
    StringBuilder head = new StringBuilder(requestLine).append("\r\n");
    for (String line : headerLines) {
      head.append(line).append("\r\n");
    }
    head.append("\r\n");
    out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /**
   * Sends the bytes on a new connection to 127.0.0.1:port and reads the status line of the answer.
   * A write that fails (the gateway refused early and closed) still reads what it answered.
   */
  static Answer send(int port, byte[] bytes) throws IOException, Hung {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException refusedEarly) {
        // The answer, if any, is still in the receive buffer.
      }
      return readHead(socket.getInputStream());
    }
  }

  private static Answer readHead(InputStream in) throws Hung {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      while (head.size() < MAX_HEAD && !endsLine(head)) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        head.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new Hung(
          "no answer and no close within "
              + READ_TIMEOUT_MS
              + " ms; got so far: "
              + printable(head.toString(StandardCharsets.ISO_8859_1)));
    } catch (IOException reset) {
      // A reset after the answer arrived still leaves the answer readable below.
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      return new Answer(NO_ANSWER, "");
    }
    return new Answer(status(text), printable(text.substring(0, Math.min(text.length(), 300))));
  }

  private static boolean endsLine(ByteArrayOutputStream head) {
    return head.toString(StandardCharsets.ISO_8859_1).contains("\r\n");
  }

  /** The status of {@code HTTP/1.1 400 Bad Request...}, else NOT_HTTP. */
  private static int status(String text) {
    if (!text.startsWith("HTTP/") || text.length() < 12) {
      return NOT_HTTP;
    }
    int space = text.indexOf(' ');
    try {
      return Integer.parseInt(text.substring(space + 1, space + 4));
    } catch (RuntimeException e) {
      return NOT_HTTP;
    }
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }
}
