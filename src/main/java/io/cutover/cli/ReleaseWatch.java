package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * Follows one release over its SSE stream until it ends: one line per step; on a terminal a status
 * block (traffic bar, healthy instances) redrawn in place below them. Ctrl-C stops the watching,
 * never the release.
 */
final class ReleaseWatch {
  static final Set<String> FAILED = Set.of("failed", "rolled_back", "aborted");
  private static final Set<String> ENDED =
      Set.of("live", "failed", "rolled_back", "aborted", "superseded");

  private final AdminClient client;
  private final PrintStream out;
  private final boolean terminal;
  private volatile boolean ended;

  ReleaseWatch(AdminClient client, PrintStream out, boolean terminal) {
    this.client = client;
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * What deploy and rollback do once the gateway accepted a release: say so (or print its JSON),
   * then watch it to its end if asked, with JSON of the ended release last.
   */
  static int started(
      AdminClient client, boolean json, JsonNode release, String what, boolean await) {
    String id = release.path("id").asText();
    if (json && !await) {
      Output.json(release);
      return 0;
    }
    if (!json) {
      Output.out()
          .println(
              "release "
                  + id
                  + ": "
                  + what
                  + " "
                  + release.path("status").asText()
                  + (await ? "" : "; watch it with `cutover release " + id + "`"));
    }
    if (!await) {
      return 0;
    }
    if (!json) {
      return new ReleaseWatch(client, Output.out(), Output.terminal()).watch(release);
    }
    int code =
        new ReleaseWatch(client, new PrintStream(OutputStream.nullOutputStream()), false)
            .watch(release);
    Output.json(client.get("/api/v1/releases/" + id));
    return code;
  }

  /** Watches release {@code id} to its end; the exit code its final status gives. */
  int watch(JsonNode release) {
    long id = release.path("id").asLong();
    String service = release.path("service").asText();
    String version = release.path("version").asText();
    String oldVersion = release.path("previousVersion").asText(null);
    if (oldVersion == null) {
      oldVersion = client.get("/api/v1/services/" + service).path("liveVersion").asText("");
    }
    Thread hint = new Thread(() -> stoppedWatching(id));
    Runtime.getRuntime().addShutdownHook(hint);
    LiveBlock block = terminal ? new LiveBlock(client, out, release) : null;
    EventStream stream = new EventStream(out, block, oldVersion, version);
    if (block != null) {
      block.start();
    }
    try {
      JsonNode last = release;
      // An ended release's stream sends its past steps and ends; a running one's is re-opened
      // (from the last event) if the connection drops before the end.
      for (int attempt = 0; attempt < 5; attempt++) {
        client.lines(
            "/api/v1/releases/" + id + "/events",
            "text/event-stream",
            stream.lastId == 0 ? null : Long.toString(stream.lastId),
            stream::line);
        last = client.get("/api/v1/releases/" + id);
        if (ENDED.contains(last.path("status").asText())) {
          break;
        }
      }
      ended = true;
      if (block != null) {
        block.stop(last);
      }
      return finish(last);
    } finally {
      ended = true;
      try {
        Runtime.getRuntime().removeShutdownHook(hint);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C came in right at the end: the hook runs and says how to abort.
      }
    }
  }

  private int finish(JsonNode release) {
    String status = release.path("status").asText();
    String reason = release.path("reason").asText("");
    out.println(
        "release "
            + release.path("id").asText()
            + " of "
            + release.path("service").asText()
            + " "
            + release.path("version").asText()
            + ": "
            + status
            + (reason.isEmpty() ? "" : " (" + reason + ")")
            + "; served "
            + release.path("requests").asLong()
            + " requests, "
            + release.path("errors").asLong()
            + " errors during the deploy");
    out.flush();
    return FAILED.contains(status) ? CliFailure.RELEASE_FAILED : 0;
  }

  private void stoppedWatching(long id) {
    if (!ended) {
      out.println();
      out.println(
          "stopped watching; release "
              + id
              + " goes on. Watch it again with `cutover release "
              + id
              + "`, stop it with `cutover abort "
              + id
              + "`");
      out.flush();
    }
  }

  /** Reads the SSE lines, one event per blank-line-ended block. */
  private static final class EventStream {
    private final PrintStream out;
    private final LiveBlock block;
    private final String oldVersion;
    private final String newVersion;
    private final StringBuilder data = new StringBuilder();
    private Instant start;
    long lastId;

    EventStream(PrintStream out, LiveBlock block, String oldVersion, String newVersion) {
      this.out = out;
      this.block = block;
      this.oldVersion = oldVersion;
      this.newVersion = newVersion;
    }

    void line(String line) {
      if (line.startsWith("data:")) {
        data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      } else if (line.isEmpty() && data.length() > 0) {
        event(data.toString());
        data.setLength(0);
      }
    }

    private void event(String json) {
      JsonNode event;
      try {
        event = AdminClient.JSON.readTree(json);
      } catch (IOException e) {
        return;
      }
      lastId = Math.max(lastId, event.path("id").asLong());
      if (start == null) {
        start = ReleaseEvents.at(event);
      }
      String text = ReleaseEvents.line(event, start) + split(event);
      if (block != null) {
        block.print(text);
      } else {
        out.println(text);
        out.flush();
      }
    }

    /** Piped output has no redrawn bar: a traffic step carries the split on its own line. */
    private String split(JsonNode event) {
      if (block != null) {
        return "";
      }
      String type = event.path("type").asText();
      if (type.equals("traffic.shifted")) {
        return "   "
            + TrafficBar.split(oldVersion, newVersion, event.path("data").path("weight").asInt());
      }
      if (type.equals("traffic.switched")) {
        return "   " + TrafficBar.split(oldVersion, newVersion, 100);
      }
      if (type.equals("traffic.reverted")) {
        return "   " + TrafficBar.split(newVersion, oldVersion, 100);
      }
      return "";
    }
  }
}
