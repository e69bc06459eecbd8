package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code cutover} client verbs against the real packaged gateway, as a user runs them: {@code
 * bin/cutover} as a process, its output piped (so never an escape code), its exit code as SPEC
 * gives it (0 live, 1 failed, 3 gateway unreachable, 4 refused).
 */
class CommandLineIT extends OneServiceSuite {
  private static final String DEPLOY_YAML =
      String.join(
          "\n",
          // No load runs here: a canary window without requests is inconclusive, and promotes.
          "  analysis:",
          "    inconclusive: promote",
          "  canary:",
          "    steps: [{weight: 20, pause: 1s}, {weight: 50, pause: 1s}]");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  String deployYaml() {
    return DEPLOY_YAML;
  }

  @Test
  void aDeployWithEachStrategyWaitsForLiveExitsZeroAndIsRecordedAsCli() throws Exception {
    for (String strategy : List.of("immediate", "bluegreen", "rolling", "canary")) {
      String version = version();
      Run deploy =
          cutover(
              "deploy", gateway.service, "--version", version, "--strategy", strategy, "--wait");
      assertEquals(0, deploy.exit, strategy + ": " + deploy.output);
      assertTrue(deploy.output.contains("live"), deploy.output);
      assertFalse(deploy.output.contains("\u001b"), "piped output has an escape code: " + deploy);

      Run releases = cutover("releases", gateway.service, "--limit", "1", "--json");
      assertEquals(0, releases.exit, releases.output);
      JsonNode last = JSON.readTree(releases.output).path("items").path(0);
      assertEquals(version, last.path("version").asText(), releases.output);
      assertEquals(strategy, last.path("strategy").asText(), releases.output);
      assertEquals("live", last.path("status").asText(), releases.output);
      assertEquals("cli", last.path("trigger").asText(), releases.output);
    }
    Run status = cutover("status", gateway.service, "--json");
    assertEquals(0, status.exit, status.output);
    assertFalse(JSON.readTree(status.output).path("liveVersion").asText().isEmpty(), status.output);
  }

  @Test
  void statusShowsTheLiveVersionsRequestsPerSecondAndErrorRateOfTheLastSeconds() throws Exception {
    String live =
        gateway.getJson("/api/v1/services/" + gateway.service).path("liveVersion").asText();
    Pattern perSecond = Pattern.compile("\\b" + Pattern.quote(live) + " ([0-9]+\\.[0-9])\\b");
    Run[] status = {null};
    try (Load load = Load.start(gateway.proxyPort, Duration.ofSeconds(60))) {
      await("requests per second under load")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                status[0] = cutover("status", gateway.service);
                Matcher rate = perSecond.matcher(status[0].output);
                return rate.find() && Double.parseDouble(rate.group(1)) > 10;
              });
      Load.Result result = load.stop();
      assertEquals(0, result.non2xx() + result.connErrors(), result.toString());
    }
    assertEquals(0, status[0].exit, status[0].output);
    assertTrue(status[0].output.contains("REQ/S"), status[0].output);
    assertTrue(status[0].output.contains(live + " 0.00%"), "no errors: " + status[0].output);
    System.out.println("cutover status under load:\n" + status[0].output);
  }

  @Test
  void aVersionThatNeverTurnsHealthyExitsOne() throws Exception {
    gateway.reconfigure("    FAULT_NEVER_HEALTHY: \"1\"", "4s", DEPLOY_YAML);
    try {
      Run deploy = cutover("deploy", gateway.service, "--version", version(), "--wait");
      assertEquals(1, deploy.exit, deploy.output);
      assertTrue(deploy.output.contains("failed"), deploy.output);
      assertTrue(deploy.output.contains("did not turn healthy"), deploy.output);
    } finally {
      gateway.reconfigure("", "60s", DEPLOY_YAML);
    }
  }

  @Test
  void anUnknownServiceExitsFourNamingTheClosest() throws Exception {
    Run deploy = cutover("deploy", gateway.service + "x", "--version", version());
    assertEquals(4, deploy.exit, deploy.output);
    assertTrue(deploy.output.contains(gateway.service), deploy.output);
  }

  @Test
  void aGatewayThatIsDownExitsThreeNamingTheAddressTried() throws Exception {
    String down = "http://127.0.0.1:" + Gateway.freePort();
    Run status = run(Map.of("CUTOVER_GATEWAY", down, "CUTOVER_TOKEN", gateway.token()), "status");
    assertEquals(3, status.exit, status.output);
    assertTrue(status.output.contains(down), status.output);
  }

  @Test
  void logsPrintTheInstancesLinesAndRefuseAnUnknownInstance() throws Exception {
    Run logs = cutover("logs", gateway.service, "--tail", "5");
    assertEquals(0, logs.exit, logs.output);
    assertTrue(
        logs.output.lines().anyMatch(line -> line.startsWith(gateway.service + "-")),
        "no line prefixed with an instance id: " + logs.output);

    Run unknown = cutover("logs", gateway.service, "--instance", "no-such-instance");
    assertEquals(4, unknown.exit, unknown.output);
    assertTrue(unknown.output.contains("no log of instance no-such-instance"), unknown.output);
  }

  @Test
  void aUsageErrorExitsTwo() throws Exception {
    Run deploy = cutover("deploy", gateway.service);
    assertEquals(2, deploy.exit, deploy.output);
    assertTrue(deploy.output.contains("--version"), deploy.output);
  }

  private Run cutover(String... args) throws IOException, InterruptedException {
    return run(
        Map.of(
            "CUTOVER_GATEWAY",
            "http://127.0.0.1:" + gateway.adminPort,
            "CUTOVER_TOKEN",
            gateway.token()),
        args);
  }

  private static Run run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Gateway.LAUNCHER.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    // The output is read to its end first: a full pipe would block the client.
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(RELEASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "cutover hung");
    return new Run(process.exitValue(), output);
  }

  private record Run(int exit, String output) {}
}
