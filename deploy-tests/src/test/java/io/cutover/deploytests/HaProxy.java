package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's HAProxy in front of gateway members, as a user runs several: round robin, no retries (a
 * request a member fails reaches the client as it is), no health checks (a member's port must never
 * refuse). Skips the calling test when haproxy is not installed.
 */
final class HaProxy implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/haproxy");

  final int port;
  private final Path config;
  private final Process process;

  private HaProxy(int port, Path config, Process process) {
    this.port = port;
    this.config = config;
    this.process = process;
  }

  /** Starts HAProxy on a free loopback port, balancing over the members' traffic ports. */
  static HaProxy start(int... memberPorts) throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(BINARY), "haproxy is not installed (apt: haproxy)");
    int front = Gateway.freePort();
    List<String> lines =
        new ArrayList<>(
            List.of(
                "defaults",
                "  mode http",
                "  retries 0",
                "  timeout connect 5s",
                "  timeout client 30s",
                "  timeout server 30s",
                "frontend front",
                "  bind 127.0.0.1:" + front,
                "  default_backend members",
                "backend members",
                "  balance roundrobin"));
    for (int i = 0; i < memberPorts.length; i++) {
      lines.add("  server member" + i + " 127.0.0.1:" + memberPorts[i]);
    }
    lines.add("");
    Path config = Files.createTempFile("cutover-haproxy", ".cfg");
    Files.writeString(config, String.join("\n", lines));
    Process process =
        new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    HaProxy haProxy = new HaProxy(front, config, process);
    try {
      await("haproxy answers")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .failFast("haproxy exited", () -> !process.isAlive())
          .until(() -> Load.once(front).startsWith("200 "));
    } catch (RuntimeException | Error e) {
      haProxy.close();
      throw e;
    }
    return haProxy;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    Files.deleteIfExists(config);
  }
}
