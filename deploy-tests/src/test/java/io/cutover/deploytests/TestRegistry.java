package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;

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
import java.util.Random;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real image registry on 127.0.0.1 (Debian's {@code docker-registry}, the CNCF distribution
 * server) holding demo images the engine does not have, so a deploy must pull them: no registry
 * outside this machine can be reached. Each image is a demo image plus a layer of random bytes of
 * its own, pushed and then deleted from the engine, so its pull really downloads. Registered as a
 * static extension: it is up before the suite's gateway deploys v1, and gone after the suite.
 */
final class TestRegistry implements BeforeAllCallback, AfterAllCallback {
  static final String BINARY = "/usr/bin/docker-registry";
  static final String REPOSITORY = "cutover-pull";
  private static final int LAYER_BYTES = 4_000_000;

  private final List<String> versions;
  private Process server;
  private Path dir;
  private int port;
  private String missing;

  TestRegistry(String... versions) {
    this.versions = List.of(versions);
  }

  /** Why the registry cannot run here, or null when it runs. */
  String missing() {
    return missing;
  }

  /** The image name for the service file: {@code 127.0.0.1:<port>/cutover-pull:${VERSION}}. */
  String image() {
    return "127.0.0.1:" + port + "/" + REPOSITORY + ":${VERSION}";
  }

  String image(String version) {
    return "127.0.0.1:" + port + "/" + REPOSITORY + ":" + version;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    missing = TestEngine.missing();
    if (missing != null) {
      return;
    }
    if (!Files.isExecutable(Path.of(BINARY))) {
      missing = BINARY + " is not installed: apt-get install docker-registry (.ci/run does)";
      return;
    }
    dir = Files.createTempDirectory("cutover-registry");
    port = Gateway.freePort();
    Files.writeString(
        dir.resolve("config.yml"),
        String.join(
            "\n",
            "version: 0.1",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + dir.resolve("data"),
            "  delete:",
            "    enabled: true",
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""),
        StandardCharsets.UTF_8);
    server =
        new ProcessBuilder(BINARY, "serve", dir.resolve("config.yml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    await("the registry answers on 127.0.0.1:" + port)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    for (String version : versions) {
      push(version);
    }
  }

  /** A demo image with a random layer of its own, pushed, then deleted from the engine. */
  private void push(String version) throws IOException, InterruptedException {
    Path context = Files.createDirectories(dir.resolve("build-" + version));
    byte[] noise = new byte[LAYER_BYTES];
    new Random().nextBytes(noise); // incompressible: the pull has bytes to count
    Files.write(context.resolve("noise"), noise);
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM " + TestEngine.IMAGE + ":" + version + "\nCOPY noise /opt/noise\n",
        StandardCharsets.UTF_8);
    String image = image(version);
    docker("build", "-q", "-t", image, context.toString());
    docker("push", image);
    docker("rmi", image);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server == null) {
      return;
    }
    for (String version : versions) {
      dockerQuietly("rmi", "-f", image(version)); // what the gateway pulled
    }
    server.destroy();
    if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      server.destroyForcibly();
    }
    Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
  }

  private static void docker(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
    }
  }

  private static void dockerQuietly(String... args) {
    try {
      docker(args);
    } catch (IOException | InterruptedException | IllegalStateException e) {
      // already gone
    }
  }
}
