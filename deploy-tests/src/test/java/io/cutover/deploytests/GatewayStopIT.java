package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the packaged gateway while a request is in flight: the traffic port stops accepting at
 * once, and the request in flight still gets its whole answer before the gateway exits.
 */
class GatewayStopIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);
  private static final int SLOW_MS = 4_000;
  private Gateway gateway;

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    gateway = Gateway.create("");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aLongRequestInFlightAtSigtermCompletesWith200AndNewConnectionsAreRefused() throws Exception {
    gateway.start();
    gateway.awaitLive(gateway.deploy("v1", "bluegreen"), RELEASE_TIMEOUT);
    try (Socket inFlight = connect(gateway.proxyPort)) {
      inFlight.setSoTimeout(SLOW_MS + 20_000);
      inFlight
          .getOutputStream()
          .write(
              ("GET /slow?ms=" + SLOW_MS + " HTTP/1.1\r\nHost: " + Gateway.HOST + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<String> answer =
          CompletableFuture.supplyAsync(() -> readUntilClosed(inFlight));
      await("the slow request reached the instance")
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> instanceLogged("demo-app slow ms=" + SLOW_MS + " started"));
      long sigterm = System.nanoTime();

      gateway.terminate();

      await("the traffic port refuses new connections")
          .atMost(Duration.ofSeconds(3))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> refused(gateway.proxyPort));
      long refusedAfterMs = (System.nanoTime() - sigterm) / 1_000_000;
      assertTrue(!answer.isDone(), "the slow request was still in flight when the port closed");
      String response = answer.get();
      assertTrue(response.startsWith("HTTP/1.1 200 "), response);
      assertTrue(response.endsWith("v1"), response);
      System.out.printf(
          "scenario=gateway-sigterm refusedAfterMs=%d inFlight=200 answeredAfterMs=%d%n",
          refusedAfterMs, (System.nanoTime() - sigterm) / 1_000_000);
    }
    gateway.stop();
    assertTrue(gateway.logTail(400).contains("proxy stopped connectionsCut=0"), "drained cleanly");
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    return socket;
  }

  private static boolean refused(int port) throws IOException {
    try (Socket probe = connect(port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    }
  }

  private static String readUntilClosed(Socket socket) {
    try (InputStream in = socket.getInputStream()) {
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      in.transferTo(read);
      return read.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether an instance of the service logged this (its log files under the data dir). */
  private boolean instanceLogged(String text) throws IOException {
    try (Stream<Path> logs = Files.walk(gateway.dataDir.resolve("logs"))) {
      return logs.filter(Files::isRegularFile)
          .anyMatch(
              log -> {
                try {
                  return Files.readString(log, StandardCharsets.ISO_8859_1).contains(text);
                } catch (IOException gone) {
                  return false;
                }
              });
    }
  }
}
