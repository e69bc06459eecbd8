package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "deploy",
    description =
        "Start a release of a service (recorded with trigger cli); --wait watches it live.")
final class DeployCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--version", required = true, paramLabel = "VERSION", description = "e.g. v2")
  String version;

  @Option(
      names = "--strategy",
      paramLabel = "NAME",
      description = "bluegreen, rolling, canary, immediate (default: the service's)")
  String strategy;

  @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the history")
  String reason;

  @Option(
      names = "--target",
      paramLabel = "HOST:PORT",
      description = "static driver: an address of a new instance (repeat for each)")
  List<String> targets;

  @Option(names = "--wait", description = "watch the release until it ends; exit 1 unless live")
  boolean await;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("version", version);
    body.put("trigger", "cli");
    if (strategy != null) {
      body.put("strategy", strategy);
    }
    if (reason != null) {
      body.put("reason", reason);
    }
    if (targets != null) {
      body.put("targets", targets);
    }
    JsonNode release;
    try {
      release = client.post("/api/v1/services/" + service + "/deploys", body);
    } catch (ProblemAnswer answer) {
      throw ServiceNames.unknown(client, service, answer);
    }
    return ReleaseWatch.started(
        client,
        connection.json,
        release,
        service + " " + version + " (" + release.path("strategy").asText() + ")",
        await);
  }
}
