package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The verbs that drive a running release: {@code POST /api/v1/releases/{id}/<verb>}. */
abstract class ControlCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "RELEASE", description = "the release id")
  long id;

  abstract String verb();

  Map<String, Object> body() {
    return Map.of();
  }

  @Override
  public Integer call() {
    JsonNode release = connection.client().post("/api/v1/releases/" + id + "/" + verb(), body());
    if (connection.json) {
      Output.json(release);
    } else {
      Output.out()
          .println(
              verb()
                  + " sent to release "
                  + id
                  + " ("
                  + release.path("service").asText()
                  + " "
                  + release.path("version").asText()
                  + ", "
                  + release.path("status").asText()
                  + ")");
    }
    return 0;
  }

  @Command(name = "promote", description = "A canary's next step now (or finish it).")
  static final class Promote extends ControlCommand {
    @Override
    String verb() {
      return "promote";
    }
  }

  @Command(name = "abort", description = "Stop a running release; the old version keeps serving.")
  static final class Abort extends ControlCommand {
    @Option(names = "--reason", paramLabel = "TEXT")
    String reason;

    @Override
    String verb() {
      return "abort";
    }

    @Override
    Map<String, Object> body() {
      return reason == null ? Map.of() : Map.of("reason", reason);
    }
  }

  @Command(name = "pause", description = "Hold a running release after its current step.")
  static final class Pause extends ControlCommand {
    @Override
    String verb() {
      return "pause";
    }
  }

  @Command(name = "resume", description = "Go on with a release paused by hand.")
  static final class Resume extends ControlCommand {
    @Override
    String verb() {
      return "resume";
    }
  }
}
