package io.cutover.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client on a plain socket, to see what the TLS port does at the handshake: which certificate
 * a server name gets, whether it is refused, and one HTTP/1.1 exchange over it.
 */
public final class TlsProbe implements AutoCloseable {
  private final SSLSocket socket;

  private TlsProbe(SSLSocket socket) {
    this.socket = socket;
  }

  /**
   * Connects to 127.0.0.1:port sending {@code serverName} by SNI (null: none) and completes the
   * handshake; trusts any certificate, since the test reads which one it got.
   *
   * @throws IOException when the handshake is refused
   */
  public static TlsProbe handshake(int port, String serverName) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AnyCertificate()}, new SecureRandom());
      Socket plain = new Socket();
      plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      plain.setSoTimeout(10_000);
      SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(
          serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
      parameters.setApplicationProtocols(new String[] {"http/1.1"});
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return new TlsProbe(socket);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subject of the certificate the server sent, e.g. {@code CN=web.localhost,O=a}. */
  public String subject() throws IOException {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  /** The leaf certificate the server sent. */
  public X509Certificate certificate() throws IOException {
    return (X509Certificate) socket.getSession().getPeerCertificates()[0];
  }

  /** Sends one request (CRLFs included, {@code Connection: close}) and reads until closed. */
  public String exchange(String request) throws IOException {
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        answer.write(buffer, 0, n);
      }
    } catch (IOException closedWithoutNotify) {
      // what came before it counts
    }
    return answer.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Trusts every certificate: the tests check which one came, not who signed it. */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
