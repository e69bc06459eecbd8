package io.cutover.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A loopback connection kept open and written by hand over time, for clients no HTTP library
 * imitates: slow senders, pipelines, connections that sit idle. Every read is bounded.
 */
public final class RawConnection implements AutoCloseable {
  private static final int TIMEOUT_MS = 10_000;
  private final Socket socket;
  private final InputStream in;

  private RawConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  public static RawConnection open(int port) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
      socket.setSoTimeout(TIMEOUT_MS);
      return new RawConnection(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the text (ISO-8859-1); false once the server has closed or reset the connection. */
  public boolean write(String text) {
    try {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** One response with a Content-Length body (or none), as text; the connection stays open. */
  public String readResponse() {
    try {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          throw new AssertionError("closed after " + head.toString(StandardCharsets.ISO_8859_1));
        }
        head.write(b);
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = in.readNBytes(length);
      return text + new String(body, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads and drops up to {@code n} bytes; returns how many came before the server closed. */
  public long readBytes(long n) {
    byte[] buffer = new byte[8192];
    long seen = 0;
    try {
      while (seen < n) {
        int got = in.read(buffer, 0, (int) Math.min(buffer.length, n - seen));
        if (got < 0) {
          break;
        }
        seen += got;
      }
    } catch (IOException e) {
      // a reset: what came before it counts
    }
    return seen;
  }

  /** Everything until the server closes; fails when it does not close within the timeout. */
  public String readUntilClosed() {
    try {
      return RawExchange.readUntilClosed(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a test connection
    }
  }
}
