package io.cutover.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One request written by hand on its own loopback connection, for the bytes no HTTP client sends:
 * the whole answer is read until the server closes, every step bounded by a timeout.
 */
public final class RawExchange {
  private static final int TIMEOUT_MS = 5_000;

  private RawExchange() {}

  /**
   * @param request the request, CRLFs included
   * @return everything the server sent before it closed the connection; empty when it closed
   *     without an answer
   * @throws AssertionError when the server neither answered nor closed within the timeout
   */
  public static String send(int port, String request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return readUntilClosed(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "no close within "
              + TIMEOUT_MS
              + " ms; got: "
              + answer.toString(StandardCharsets.ISO_8859_1));
    } catch (IOException reset) {
      // A reset after the answer still leaves what arrived.
    }
    return answer.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * A request with exactly these headers (and {@code Connection: close}, so {@link #send} sees the
   * end), and, when {@code body} is not null, the body with its {@code Content-Length}.
   */
  public static String request(String method, String target, List<String> headers, String body) {
    StringBuilder request = new StringBuilder(method).append(' ').append(target);
    request.append(" HTTP/1.1\r\nConnection: close\r\n");
    headers.forEach(header -> request.append(header).append("\r\n"));
    if (body != null) {
      request.append("Content-Length: ").append(body.length()).append("\r\n");
    }
    return request.append("\r\n").append(body == null ? "" : body).toString();
  }

  /** The status line of an answer, e.g. {@code HTTP/1.1 400 Bad Request}. */
  public static String statusLine(String answer) {
    int end = answer.indexOf("\r\n");
    return end < 0 ? answer : answer.substring(0, end);
  }

  /** The body of an answer (after the blank line). */
  public static String body(String answer) {
    int start = answer.indexOf("\r\n\r\n");
    return start < 0 ? "" : answer.substring(start + 4);
  }
}
