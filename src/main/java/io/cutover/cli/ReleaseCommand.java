package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "release",
    description = "One release's steps and figures; live until it ends while it runs.")
final class ReleaseCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "ID")
  long id;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    JsonNode release = client.get("/api/v1/releases/" + id);
    if (connection.json) {
      var both = AdminClient.JSON.createObjectNode();
      both.set("release", release);
      both.set("events", client.get("/api/v1/releases/" + id + "/events").path("items"));
      Output.json(both);
      return ReleaseWatch.FAILED.contains(release.path("status").asText())
          ? CliFailure.RELEASE_FAILED
          : 0;
    }
    return new ReleaseWatch(client, Output.out(), Output.terminal()).watch(release);
  }
}
