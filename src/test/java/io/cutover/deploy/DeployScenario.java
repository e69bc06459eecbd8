package io.cutover.deploy;

import io.cutover.config.TestServicesFolder;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.service.LiveServices;
import io.cutover.support.DemoAppCommand;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * A demo-app service in the running gateway, for deploy tests: writes its file, waits until the
 * gateway has it, deploys versions and waits for their end. Shared defaults of the deploy tests.
 */
final class DeployScenario implements AutoCloseable {
  final String service = TestServicesFolder.uniqueName("bg");
  private final TestServicesFolder folder = new TestServicesFolder();
  private final ReleaseExecutor executor;
  private final ReleaseHistory history;
  private final LiveServices services;
  // More keys of the routes map, such as tls.
  private String routes = "";

  DeployScenario(ReleaseExecutor executor, ReleaseHistory history, LiveServices services) {
    this.executor = executor;
    this.history = history;
    this.services = services;
  }

  /** Serves the service over TLS too, with this PEM certificate and key. */
  DeployScenario tls(java.nio.file.Path cert, java.nio.file.Path key) {
    routes = ", tls: {cert: \"" + cert + "\", key: \"" + key + "\"}";
    return this;
  }

  String host() {
    return service + ".localhost";
  }

  static final String FAST_HEALTH =
      "{interval: 200ms, timeout: 1s, healthy-threshold: 2, unhealthy-threshold: 2, startup-timeout: 60s}";

  /** Writes the service file: the demo app, 2 instances, fast health, plus {@code extra} YAML. */
  DeployScenario configure(String env, String extra) {
    return configure(env, FAST_HEALTH, extra);
  }

  /** As above, with {@code instances} per release. */
  DeployScenario configure(int instances, String env, String extra) {
    return configure(instances, env, FAST_HEALTH, extra);
  }

  /** As above, with the {@code health} section given as a YAML flow map. */
  DeployScenario configure(String env, String health, String extra) {
    return configure(2, env, health, extra);
  }

  /** As above, with {@code instances} per release. */
  DeployScenario configure(int instances, String env, String health, String extra) {
    String command =
        DemoAppCommand.command().stream()
            .map(arg -> "\"" + arg + "\"")
            .collect(Collectors.joining(", ", "[", "]"));
    String yaml =
        "routes: {hosts: [\""
            + host()
            + "\"]"
            + routes
            + "}\n"
            + "instances: "
            + instances
            + "\n"
            + "driver:\n  type: process\n  command: "
            + command
            + "\n  env: {VERSION: \"${VERSION}\""
            + (env.isEmpty() ? "" : ", " + env)
            + "}\n"
            + "health: "
            + health
            + "\n"
            + "drain: {timeout: 15s, stop-timeout: 5s}\n"
            + extra;
    return write(yaml);
  }

  /** Writes the service file as given and waits until the gateway runs with it. */
  DeployScenario write(String yaml) {
    String before = services.service(service).map(s -> s.config().toString()).orElse(null);
    folder.write(service, yaml);
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                services
                    .service(service)
                    .map(s -> !s.config().toString().equals(before))
                    .orElse(false));
    return this;
  }

  Release deploy(String version) {
    return deploy(version, "bluegreen");
  }

  Release deploy(String version, String strategy) {
    return executor
        .deploy(DeployRequest.of(service, version, strategy))
        .await()
        .atMost(Duration.ofSeconds(30));
  }

  /** Waits until the release has {@code status} and returns it as recorded. */
  Release awaitStatus(Release release, ReleaseStatus status) {
    Release[] last = new Release[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = history.find(release.getId()).await().atMost(Duration.ofSeconds(10));
              return last[0].getStatus() == status;
            });
    return last[0];
  }

  /** The release's step log so far, oldest first. */
  List<ReleaseEvent> events(Release release) {
    return history.events(release.getId()).await().atMost(Duration.ofSeconds(10));
  }

  /** Waits until the release has logged an event of {@code type} whose data holds {@code text}. */
  ReleaseEvent awaitEvent(Release release, String type, String text) {
    ReleaseEvent[] found = new ReleaseEvent[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              found[0] =
                  events(release).stream()
                      .filter(e -> e.getType().equals(type))
                      .filter(e -> text == null || String.valueOf(e.getData()).contains(text))
                      .findFirst()
                      .orElse(null);
              return found[0] != null;
            });
    return found[0];
  }

  /** Waits for the release to end and returns it as recorded. */
  Release awaitEnd(Release release) {
    Release[] last = new Release[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last[0] = history.find(release.getId()).await().atMost(Duration.ofSeconds(10));
              ReleaseStatus status = last[0].getStatus();
              return status.isFinal() || status == ReleaseStatus.LIVE;
            });
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> executor.runningRelease(service).isEmpty());
    return last[0];
  }

  Release deployAndAwait(String version) {
    return awaitEnd(deploy(version));
  }

  Release deployAndAwait(String version, String strategy) {
    return awaitEnd(deploy(version, strategy));
  }

  /** Deletes the service's file, as a user would. */
  void deleteFile() {
    folder.delete(service);
  }

  /** Writes another service's file, e.g. one claiming this one's host. */
  void writeOther(String name, String yaml) {
    folder.write(name, yaml);
  }

  @Override
  public void close() {
    folder.deleteAll();
  }
}
