package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The packaged gateway ({@code target/quarkus-app/quarkus-run.jar}) run as a separate process, the
 * way a user runs it: its own loopback ports, its own data and services folders, a demo-app service
 * and the database from the environment. Driven only through its HTTP API.
 */
final class Gateway implements AutoCloseable {
  static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
  static final Path LAUNCHER = Path.of("bin/cutover").toAbsolutePath();
  static final Path DEMO_APP = Path.of("deploy-tests/demo-app/DemoApp.java").toAbsolutePath();

  /**
   * The demo app compiled once for the whole suite, as a release ships a built artifact: run from
   * source, every instance start would compile it again, seconds of CPU taken from the gateway on a
   * 2-core machine right inside the deploy window whose latency the suite judges.
   */
  static final Path DEMO_CLASSES = Path.of("target/demo-app-classes").toAbsolutePath();

  static final String HOST = "demo.localhost";
  static final List<String> DATASOURCE =
      List.of(
          "QUARKUS_DATASOURCE_REACTIVE_URL",
          "QUARKUS_DATASOURCE_JDBC_URL",
          "QUARKUS_DATASOURCE_USERNAME",
          "QUARKUS_DATASOURCE_PASSWORD");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ENDED = Set.of("failed", "rolled_back", "aborted", "superseded");

  final Path dataDir;
  final Path servicesDir;
  final int proxyPort;
  final int adminPort;

  /**
   * The service under test. Its name is new for every run: the database is shared between runs, and
   * the gateway restores each service's live release at start.
   */
  final String service;

  private final String token;
  private final HttpClient admin =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The {@code driver:} block of the service file; null: the demo app as local processes. */
  private final String driverYaml;

  private Process process;
  private final List<ProcessHandle> started = new ArrayList<>();
  private Map<String, String> datasource = Map.of();
  private String javaOpts;
  private boolean successor;

  private Gateway(
      Path dataDir,
      Path servicesDir,
      int proxyPort,
      int adminPort,
      String service,
      String driverYaml) {
    this(
        dataDir,
        servicesDir,
        proxyPort,
        adminPort,
        service,
        driverYaml,
        UUID.randomUUID().toString());
  }

  private Gateway(
      Path dataDir,
      Path servicesDir,
      int proxyPort,
      int adminPort,
      String service,
      String driverYaml,
      String token) {
    this.driverYaml = driverYaml;
    this.dataDir = dataDir;
    this.servicesDir = servicesDir;
    this.proxyPort = proxyPort;
    this.adminPort = adminPort;
    this.service = service;
    this.token = token;
  }

  /**
   * Another member of this gateway's cluster: the same database, services folder and token; a data
   * directory and ports of its own. Not started yet.
   */
  Gateway peer() throws IOException {
    Gateway peer =
        new Gateway(
            Files.createTempDirectory("cutover-it-data"),
            servicesDir,
            freePort(),
            freePort(),
            service,
            driverYaml,
            token);
    peer.datasource = datasource;
    peer.javaOpts = javaOpts;
    return peer;
  }

  /**
   * The gateway that takes over from this one, as an upgrade starts it: the same folders, database,
   * token and traffic port (shared through SO_REUSEPORT while both run), an admin port of its own
   * so a test knows which one answers. Not started yet.
   */
  Gateway successor() throws IOException {
    Gateway next =
        new Gateway(dataDir, servicesDir, proxyPort, freePort(), service, driverYaml, token);
    next.successor = true;
    next.datasource = datasource;
    next.javaOpts = javaOpts;
    return next;
  }

  /** Whether the environment names a database and the packaged jar is there. */
  static boolean hasDatabase() {
    return DATASOURCE.stream()
            .allMatch(name -> System.getenv(name) != null && !System.getenv(name).isBlank())
        && Files.isRegularFile(JAR);
  }

  /** Skips the calling test, saying why, when the environment names no database. */
  static void assumeDatabase() {
    List<String> missing =
        DATASOURCE.stream()
            .filter(name -> System.getenv(name) == null || System.getenv(name).isBlank())
            .toList();
    assumeTrue(
        missing.isEmpty(),
        "the end-to-end suite needs PostgreSQL: set "
            + missing
            + " (.ci/run exports them) to run it");
    assumeJar();
  }

  /** Skips the calling test when the packaged jar is missing (for tests that bring a database). */
  static void assumeJar() {
    assumeTrue(Files.isRegularFile(JAR), JAR + " is missing: run `./mvnw package` first");
  }

  /** Points the gateway at this database instead of the environment's QUARKUS_DATASOURCE_*. */
  Gateway database(String reactiveUrl, String jdbcUrl, String user, String password) {
    this.datasource =
        Map.of(
            DATASOURCE.get(0), reactiveUrl,
            DATASOURCE.get(1), jdbcUrl,
            DATASOURCE.get(2), user,
            DATASOURCE.get(3), password);
    return this;
  }

  /** JVM flags for {@code bin/cutover gateway} (its {@code CUTOVER_JAVA_OPTS}). */
  Gateway javaOpts(String flags) {
    this.javaOpts = flags;
    return this;
  }

  /** A gateway with fresh folders, free ports and a demo service; not started yet. */
  static Gateway create(String extraDeployYaml) {
    return create(extraDeployYaml, null);
  }

  /**
   * A gateway whose service runs with this {@code driver:} block (its lines without {@code env:},
   * indented by two spaces); the demo app's {@code env} lines follow it.
   */
  static Gateway create(String extraDeployYaml, String driverYaml) {
    try {
      Path dataDir = Files.createTempDirectory("cutover-it-data");
      Path servicesDir = Files.createTempDirectory("cutover-it-services");
      String service = "demo-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
      Gateway gateway =
          new Gateway(dataDir, servicesDir, freePort(), freePort(), service, driverYaml);
      gateway.writeServiceFile("", "60s", extraDeployYaml);
      return gateway;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Rewrites the service's file, then has the gateway re-read it: the next release takes it, the
   * live one runs on. {@code extraEnvYaml} are more {@code env:} lines for the instances (faults,
   * say {@code " FAULT_NEVER_HEALTHY: \"1\""}).
   */
  void reconfigure(String extraEnvYaml, String startupTimeout, String extraDeployYaml)
      throws IOException, InterruptedException {
    writeServiceFile(extraEnvYaml, startupTimeout, extraDeployYaml);
    HttpResponse<String> reload = post("/api/v1/services/reload", "");
    assertEquals(200, reload.statusCode(), () -> "reload: " + reload.body());
    for (JsonNode refused : JSON.readTree(reload.body()).path("refused")) {
      assertTrue(
          !service.equals(refused.path("service").asText()),
          () -> "the gateway refused the new service file: " + refused);
    }
  }

  private void writeServiceFile(String extraEnvYaml, String startupTimeout, String extraDeployYaml)
      throws IOException {
    Files.writeString(
        servicesDir.resolve(service + ".yaml"),
        serviceYaml(driverYaml, extraEnvYaml, startupTimeout, extraDeployYaml),
        StandardCharsets.UTF_8);
  }

  private static String serviceYaml(
      String driverYaml, String extraEnvYaml, String startupTimeout, String extraDeployYaml) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String driver =
        driverYaml != null
            ? driverYaml
            : String.join(
                "\n",
                "  type: process",
                "  command: [\""
                    + java
                    + "\", \"-XX:TieredStopAtLevel=1\", \"-XX:+UseSerialGC\", \"-cp\", \""
                    + demoClasses()
                    + "\", \"DemoApp\"]");
    return String.join(
        "\n",
        "routes:",
        "  hosts: [\"" + HOST + "\"]",
        "  path-prefix: /",
        "instances: 2",
        "driver:",
        driver,
        "  env:",
        "    VERSION: \"${VERSION}\"",
        extraEnvYaml,
        "health:",
        "  path: /health",
        "  interval: 200ms",
        "  healthy-threshold: 2",
        "  startup-timeout: " + startupTimeout,
        "drain:",
        "  timeout: 10s",
        "  stop-timeout: 5s",
        "deploy:",
        "  strategy: bluegreen",
        extraDeployYaml,
        "");
  }

  private static synchronized Path demoClasses() {
    Path compiled = DEMO_CLASSES.resolve("DemoApp.class");
    try {
      if (Files.isRegularFile(compiled)
          && Files.getLastModifiedTime(compiled).compareTo(Files.getLastModifiedTime(DEMO_APP))
              >= 0) {
        return DEMO_CLASSES;
      }
      Files.createDirectories(DEMO_CLASSES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int status =
        javax.tools.ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", DEMO_CLASSES.toString(), DEMO_APP.toString());
    assertEquals(0, status, "javac " + DEMO_APP + " failed");
    return DEMO_CLASSES;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Starts the gateway and waits until {@code /q/health/ready} answers 200. */
  Gateway start() {
    launch();
    try {
      await("gateway ready on :" + adminPort)
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptions()
          .failFast("the gateway exited", () -> !process.isAlive())
          .until(() -> status(get("/q/health/ready")) == 200);
    } catch (RuntimeException | Error e) {
      System.out.println("gateway log:\n" + logTail(60));
      throw e;
    }
    return this;
  }

  /**
   * SIGKILL, as a crash or the OOM killer would: nothing is stopped. Returns the demo instances it
   * ran, which outlive it; the caller sees to them (they are ours: our gateway started them).
   */
  List<ProcessHandle> kill() {
    List<ProcessHandle> instances = demoInstances();
    process.destroyForcibly();
    await("the killed gateway gone").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    process = null;
    return instances;
  }

  /**
   * Starts the packaged gateway the way the README does, through {@code bin/cutover gateway} (which
   * execs the JVM, so the process is the gateway's), and returns at once, while it boots.
   */
  Gateway launch() {
    ProcessBuilder builder =
        new ProcessBuilder(LAUNCHER.toString(), "gateway")
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    Map<String, String> env = builder.environment(); // the datasource comes through from here
    env.put("JAVA_HOME", System.getProperty("java.home")); // the JDK running the tests
    if (javaOpts != null) {
      env.put("CUTOVER_JAVA_OPTS", javaOpts);
    } else {
      env.remove("CUTOVER_JAVA_OPTS");
    }
    env.putAll(datasource); // unless a test brought its own
    env.put("CUTOVER_PROXY_PORT", Integer.toString(proxyPort));
    env.put("CUTOVER_PROXY_HOST", "127.0.0.1");
    env.put("QUARKUS_HTTP_PORT", Integer.toString(adminPort));
    env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
    env.put("CUTOVER_DATA_DIR", dataDir.toString());
    env.put("CUTOVER_SERVICES_DIR", servicesDir.toString());
    env.put("CUTOVER_ADMIN_TOKEN", token);
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The gateway process while it runs: for its pid and environment. */
  ProcessHandle handle() {
    return process.toHandle();
  }

  /**
   * SIGTERM ({@link Process#destroy()}) and waits for the gateway to exit. Its process instances
   * run on (cutover.process.outlive-gateway): the next gateway adopts them, {@link #close()} ends
   * them.
   */
  void stop() {
    if (process == null) {
      return;
    }
    terminate();
    try {
      boolean exited = process.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        process.destroyForcibly();
        throw new AssertionError("the gateway did not exit within 60 s of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      process = null;
    }
  }

  /**
   * SIGTERM, and returns at once while the gateway drains; {@link #stop()} then waits for its exit.
   * Returns the processes it runs (its instances).
   */
  List<ProcessHandle> terminate() {
    List<ProcessHandle> children = process.descendants().toList();
    started.addAll(children);
    started.addAll(demoInstances());
    process.destroy();
    return children;
  }

  /** Stops the gateway, then the instances it left running: ours, the test is over. */
  @Override
  public void close() {
    if (process != null) {
      stop();
    }
    started.addAll(demoInstances());
    started.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    try {
      await("the instances left running stopped")
          .atMost(Duration.ofSeconds(15))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive));
    } catch (RuntimeException | Error e) {
      started.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Whether the gateway process runs. */
  boolean alive() {
    return process != null && process.isAlive();
  }

  /** The admin token, for requests built by hand. */
  String token() {
    return token;
  }

  /** The service's own file in the services folder. */
  Path serviceFile() {
    return servicesDir.resolve(service + ".yaml");
  }

  /** The demo-app processes of this version the gateway runs now. */
  List<ProcessHandle> demoInstances(String version) {
    return demoInstances().stream()
        .filter(h -> version.equals(environ(h.pid(), "VERSION").orElse(null)))
        .toList();
  }

  /**
   * One variable of a process's environment (Linux: /proc/PID/environ); empty when the process has
   * no such variable or is gone.
   */
  static java.util.Optional<String> environ(long pid, String name) {
    String all;
    try {
      all =
          Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
    } catch (IOException gone) {
      return java.util.Optional.empty();
    }
    for (String entry : all.split("\0")) {
      if (entry.startsWith(name + "=")) {
        return java.util.Optional.of(entry.substring(name.length() + 1));
      }
    }
    return java.util.Optional.empty();
  }

  /** The service's instances as its view lists them, every pool together. */
  List<JsonNode> instances() throws IOException, InterruptedException {
    JsonNode view = getJson("/api/v1/services/" + service);
    List<JsonNode> instances = new ArrayList<>();
    view.path("pools").forEach(pool -> pool.path("instances").forEach(instances::add));
    return instances;
  }

  /** The demo-app processes the gateway runs now. */
  List<ProcessHandle> demoInstances() {
    return instanceRecords().stream()
        .map(record -> ProcessHandle.of(record.path("pid").asLong()))
        .flatMap(java.util.Optional::stream)
        .filter(h -> h.info().commandLine().orElse("").contains("DemoApp"))
        .toList();
  }

  /**
   * The process driver's records of the instances running now ({@code <data-dir>/instances}): they
   * name started and adopted instances alike (an adopted one is no child of this gateway).
   */
  List<JsonNode> instanceRecords() {
    Path dir = dataDir.resolve("instances");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<JsonNode> records = new ArrayList<>();
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        try {
          records.add(JSON.readTree(file.toFile()));
        } catch (IOException removedMeanwhile) {
          // the instance stopped while we listed
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  // ---- admin API ----

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(adminUri(path)).GET());
  }

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(adminUri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** Logs in as the dashboard does: the session cookie ({@code name=value}) for the token. */
  String dashboardSession() throws IOException, InterruptedException {
    HttpResponse<String> login =
        admin.send(
            HttpRequest.newBuilder(adminUri("/api/v1/session"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, login.statusCode(), login::body);
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
  }

  /** A POST as the dashboard's page sends it: the session cookie, no token. */
  HttpResponse<String> postAsDashboard(String path, String cookie)
      throws IOException, InterruptedException {
    return admin.send(
        HttpRequest.newBuilder(adminUri(path))
            .header("Content-Type", "application/json")
            .header("Cookie", cookie)
            .header("Sec-Fetch-Site", "same-origin")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertEquals(200, response.statusCode(), () -> "GET " + path + ": " + response.body());
    return JSON.readTree(response.body());
  }

  /**
   * Starts a release (waiting out a 409 while the previous one still finishes) and returns its id.
   */
  long deploy(String version, String strategy) {
    String body = "{\"version\":\"" + version + "\",\"strategy\":\"" + strategy + "\"}";
    AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
    await("deploy " + version + " accepted")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              answer.set(post("/api/v1/services/" + service + "/deploys", body));
              return answer.get().statusCode() != 409;
            });
    assertEquals(
        202, answer.get().statusCode(), () -> "deploy " + version + ": " + answer.get().body());
    try {
      return JSON.readTree(answer.get().body()).get("id").asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The release's step log, oldest first. */
  List<JsonNode> events(JsonNode release) throws IOException, InterruptedException {
    return java.util.stream.StreamSupport.stream(
            getJson("/api/v1/releases/" + release.path("id").asLong() + "/events")
                .path("items")
                .spliterator(),
            false)
        .toList();
  }

  /** Waits until the release is {@code live} or has ended otherwise, and returns it. */
  JsonNode awaitEnded(long releaseId, Duration atMost) {
    AtomicReference<JsonNode> release = new AtomicReference<>();
    await("release " + releaseId + " ended")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              release.set(getJson("/api/v1/releases/" + releaseId));
              String status = release.get().path("status").asText();
              return status.equals("live") || ENDED.contains(status);
            });
    return release.get();
  }

  /**
   * Waits until the service is settled on a live release: one is live, none is running, and the
   * proxy answers with the live version. A test that starts here does not depend on what the test
   * before it left, nor on the order the tests run in. Returns the live version.
   */
  String awaitSettled(Duration atMost) {
    AtomicReference<JsonNode> view = new AtomicReference<>();
    await("service " + service + " settled on a live release")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              view.set(getJson("/api/v1/services/" + service));
              return !view.get().path("liveVersion").asText().isEmpty()
                  && !view.get().hasNonNull("runningReleaseId");
            });
    String live = view.get().path("liveVersion").asText();
    await("the proxy serves " + live)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> Load.once(proxyPort).equals("200 " + live));
    return live;
  }

  /** Waits until the release is {@code live}; fails as soon as it ends otherwise. */
  JsonNode awaitLive(long releaseId, Duration atMost) {
    JsonNode release = awaitEnded(releaseId, atMost);
    assertEquals(
        "live",
        release.path("status").asText(),
        () -> "release " + releaseId + " ended before going live: " + release);
    return release;
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return admin.send(
        request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int status(HttpResponse<String> response) {
    return response.statusCode();
  }

  private URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + adminPort + path);
  }

  Path log() {
    // A successor shares the data dir: each gateway process writes a log of its own.
    return dataDir.resolve(successor ? "gateway-" + adminPort + ".log" : "gateway.log");
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log());
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static void assertNoFailures(String what, Load.Result result) {
    assertTrue(
        result.non2xx() == 0 && result.connErrors() == 0,
        () -> what + ": every request must succeed, got " + result);
  }
}
