package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "rollback",
    description =
        "A new release back to an earlier one (default: the last live before the current).")
final class RollbackCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(names = "--to", paramLabel = "ID|VERSION")
  String to;

  @Option(names = "--wait", description = "watch the rollback until it ends; exit 1 unless live")
  boolean await;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    Map<String, Object> body = new LinkedHashMap<>();
    if (to != null) {
      body.put("to", to);
    }
    JsonNode release;
    try {
      release = client.post("/api/v1/services/" + service + "/rollback", body);
    } catch (ProblemAnswer answer) {
      throw ServiceNames.unknown(client, service, answer);
    }
    return ReleaseWatch.started(
        client,
        connection.json,
        release,
        service + " back to " + release.path("version").asText(),
        await);
  }
}
