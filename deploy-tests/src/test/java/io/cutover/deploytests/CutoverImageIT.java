package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Cutover image (src/main/docker/Dockerfile.jvm) built from this build's packaged gateway on
 * the base deploy-tests/docker/build-images.sh makes from this machine's JDK: it starts the gateway
 * through bin/cutover gateway, as a user other than root, and answers on both ports.
 */
class CutoverImageIT {
  private static final String BASE = "cutover-test/gateway-base";
  private static final String TAG = "cutover-test/gateway:it";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theImageRunsTheGatewayThroughTheLauncherAsANonRootUser() throws Exception {
    String missing = TestEngine.missing();
    assumeTrue(missing == null, missing);
    Gateway.assumeDatabase();
    try {
      TestEngine.client().inspectImageCmd(BASE).exec();
    } catch (NotFoundException e) {
      assumeTrue(false, "image " + BASE + " is missing: run deploy-tests/docker/build-images.sh");
    }
    Run build =
        docker(
            "build",
            "-q",
            "-f",
            "src/main/docker/Dockerfile.jvm",
            "--build-arg",
            "BASE=" + BASE,
            "-t",
            TAG,
            ".");
    assertEquals(0, build.exit, build.output);

    int proxyPort = Gateway.freePort();
    int adminPort = Gateway.freePort();
    String token = UUID.randomUUID().toString().replace("-", "");
    List<String> run =
        new ArrayList<>(
            List.of(
                "run",
                "-d",
                // The host's network: the gateway reaches the PostgreSQL the suite uses on
                // 127.0.0.1, and the test reaches the gateway there.
                "--network",
                "host",
                "--label",
                "cutover.test=image",
                "-e",
                "CUTOVER_PROXY_PORT=" + proxyPort,
                "-e",
                "QUARKUS_HTTP_PORT=" + adminPort,
                "-e",
                "CUTOVER_ADMIN_TOKEN=" + token));
    for (String name : Gateway.DATASOURCE) {
      run.addAll(List.of("-e", name + "=" + System.getenv(name)));
    }
    run.add(TAG);
    Run started = docker(run.toArray(String[]::new));
    assertEquals(0, started.exit, started.output);
    String container = started.output.strip();
    try {
      await("the containerised gateway ready")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> status(adminPort, "/q/health/ready", null) == 200);
      assertEquals(200, status(adminPort, "/api/v1/services", token));
      assertEquals(401, status(adminPort, "/api/v1/services", null));
      assertEquals(404, status(proxyPort, "/", null), "the proxy answers: no service routes here");

      String pid = docker("inspect", "-f", "{{.State.Pid}}", container).output.strip();
      String uid =
          Files.readAllLines(Path.of("/proc", pid, "status")).stream()
              .filter(line -> line.startsWith("Uid:"))
              .findFirst()
              .orElseThrow()
              .split("\\s+")[1];
      assertNotEquals("0", uid, "the gateway runs as root");
      String logs = docker("logs", container).output;
      assertTrue(logs.contains("cutover gateway: java"), "started through bin/cutover:\n" + logs);
    } finally {
      docker("rm", "-f", container);
    }
  }

  private int status(int port, String path, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static Run docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("DOCKER_BUILDKIT", "0"); // the classic builder: no buildx plugin
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "docker " + args[0] + " hung");
    return new Run(process.exitValue(), output);
  }

  private record Run(int exit, String output) {}
}
