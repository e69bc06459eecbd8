package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The admin port listens on loopback unless opened with {@code quarkus.http.host}. */
@QuarkusTest
class AdminListenerTest {
  @TestHTTPResource("/")
  URL root;

  @Test
  void theAdminHostIsLoopbackByDefault() {
    assertEquals(
        "127.0.0.1", ConfigProvider.getConfig().getValue("quarkus.http.host", String.class));
  }

  @Test
  void theAdminPortRefusesConnectionsToTheMachinesOtherAddresses() throws Exception {
    Optional<InetAddress> other = nonLoopbackAddress();
    assumeTrue(other.isPresent(), "this machine has no address but loopback");

    assertThrows(
        ConnectException.class,
        () -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(other.get(), root.getPort()), 5_000);
          }
        },
        "the admin port answers on " + other.get());
    // The same port on loopback does answer: the refusal above is the bind address, not the port.
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", root.getPort()), 5_000);
    }
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(AdminListenerTest::up)
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
        .findFirst();
  }

  private static boolean up(NetworkInterface nic) {
    try {
      return nic.isUp() && !nic.isLoopback();
    } catch (IOException e) {
      return false;
    }
  }
}
