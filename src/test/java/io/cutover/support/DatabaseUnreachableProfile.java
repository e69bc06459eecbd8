package io.cutover.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** The release database unreachable: both URLs point at a port nothing listens on. */
public class DatabaseUnreachableProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    int port = closedPort();
    return Map.of(
        "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/cutover",
        "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/cutover");
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
