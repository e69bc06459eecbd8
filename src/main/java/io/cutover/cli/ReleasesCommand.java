package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "releases", description = "Release history, newest first (of one service or all).")
final class ReleasesCommand implements Callable<Integer> {
  @Mixin Connection connection;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE")
  String service;

  @Option(names = "--status", paramLabel = "S[,S]", description = "e.g. failed,rolled_back")
  String status;

  @Option(names = "--strategy", paramLabel = "NAME")
  String strategy;

  @Option(names = "--version", paramLabel = "VERSION")
  String version;

  @Option(names = "--trigger", paramLabel = "T", description = "api, cli, rollback, auto-rollback")
  String trigger;

  @Option(names = "--since", paramLabel = "ISO-8601")
  String since;

  @Option(names = "--until", paramLabel = "ISO-8601")
  String until;

  @Option(names = "--limit", paramLabel = "N", description = "default 50, at most 500")
  Integer limit;

  @Option(
      names = "--cursor",
      paramLabel = "CURSOR",
      description = "the previous page's next cursor")
  String cursor;

  @Override
  public Integer call() {
    AdminClient client = connection.client();
    String path =
        (service == null ? "/api/v1/releases" : "/api/v1/services/" + service + "/releases")
            + query();
    JsonNode page;
    try {
      page = client.get(path);
    } catch (ProblemAnswer answer) {
      throw service == null ? answer.failure() : ServiceNames.unknown(client, service, answer);
    }
    if (connection.json) {
      Output.json(page);
      return 0;
    }
    Table table =
        new Table(
            "ID",
            "SERVICE",
            "VERSION",
            "STRATEGY",
            "STATUS",
            "TRIGGER",
            "STARTED",
            "TOOK",
            "REQUESTS",
            "ERRORS");
    for (JsonNode release : page.path("items")) {
      table.row(
          release.path("id").asText(),
          release.path("service").asText(),
          release.path("version").asText(),
          release.path("strategy").asText(),
          release.path("status").asText(),
          release.path("trigger").asText(),
          release.path("startedAt").asText("-"),
          took(release),
          release.path("requests").asText("0"),
          release.path("errors").asText("0"));
    }
    table.print(Output.out());
    JsonNode next = page.path("nextCursor");
    if (next.isTextual()) {
      Output.out().println("more: --cursor " + next.asText());
    }
    return 0;
  }

  private static String took(JsonNode release) {
    String start = release.path("startedAt").asText("");
    String end = release.path("finishedAt").asText("");
    if (start.isEmpty() || end.isEmpty()) {
      return "-";
    }
    Duration took = Duration.between(Instant.parse(start), Instant.parse(end));
    return took.toMillis() < 60_000
        ? String.format(java.util.Locale.ROOT, "%.1fs", took.toMillis() / 1000.0)
        : took.toMinutes() + "m" + took.toSecondsPart() + "s";
  }

  private String query() {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    add(query, "status", status);
    add(query, "strategy", strategy);
    add(query, "version", version);
    add(query, "trigger", trigger);
    add(query, "since", since);
    add(query, "until", until);
    add(query, "limit", limit == null ? null : limit.toString());
    add(query, "cursor", cursor);
    return query.toString();
  }

  private static void add(StringJoiner query, String name, String value) {
    if (value != null) {
      query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }
}
