package io.cutover.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = "The service's instance logs (the files the gateway writes).")
final class LogsCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", paramLabel = "SERVICE")
  String service;

  @Option(
      names = "--instance",
      paramLabel = "ID",
      description = "one instance (default: all running)")
  String instance;

  @Option(
      names = "--tail",
      paramLabel = "N",
      defaultValue = "100",
      description = "last lines (default 100)")
  int tail;

  @Option(
      names = {"-f", "--follow"},
      description = "keep printing new lines until Ctrl-C")
  boolean follow;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    String path =
        "/api/v1/services/"
            + service
            + "/logs?tail="
            + tail
            + "&follow="
            + follow
            + (instance == null
                ? ""
                : "&instance=" + URLEncoder.encode(instance, StandardCharsets.UTF_8));
    try {
      client.lines(
          path,
          connection.json ? "application/x-ndjson" : "text/plain",
          null,
          line -> {
            Output.out().println(line);
            Output.out().flush();
          });
    } catch (ProblemAnswer answer) {
      throw ServiceNames.unknown(client, service, answer);
    }
    return 0;
  }
}
