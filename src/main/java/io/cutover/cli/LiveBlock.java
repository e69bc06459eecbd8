package io.cutover.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The few lines at the bottom of a terminal that a watched release redraws in place: its status,
 * the traffic split as bars, and its instances turning healthy. Steps print above it.
 */
final class LiveBlock {
  private static final String UP = "\033[%dA";
  private static final String CLEAR_DOWN = "\033[J";
  private static final long POLL_MILLIS = 500;

  private final AdminClient client;
  private final PrintStream out;
  private final long id;
  private final String service;
  private final String title;
  private final long startedAt = System.nanoTime();
  private final int columns = Output.columns();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "cutover-live-block");
            thread.setDaemon(true);
            return thread;
          });
  private List<String> lines = List.of();
  private String status;
  private volatile boolean running = true;

  LiveBlock(AdminClient client, PrintStream out, JsonNode release) {
    this.client = client;
    this.out = out;
    this.id = release.path("id").asLong();
    this.service = release.path("service").asText();
    this.status = release.path("status").asText();
    this.title =
        "release "
            + id
            + " · "
            + service
            + " "
            + release.path("version").asText()
            + " · "
            + release.path("strategy").asText();
  }

  void start() {
    redraw(List.of(title + " · " + status));
    // With a fixed delay, a slow answer delays the next poll instead of piling polls up.
    poller.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** A step: printed above the block, which is drawn again below it. */
  synchronized void print(String step) {
    erase();
    out.println(step);
    draw();
  }

  synchronized void stop(JsonNode release) {
    running = false;
    poller.shutdownNow();
    status = release.path("status").asText();
    // Drawn once more as the release ended (its final split and status), then left on screen
    // for the final status line to follow.
    try {
      redraw(block(client.get("/api/v1/services/" + service)));
    } catch (RuntimeException e) {
      redraw(List.of(title + " · " + status));
    }
    lines = List.of();
    out.flush();
  }

  private void poll() {
    try {
      JsonNode view = client.get("/api/v1/services/" + service);
      JsonNode release = client.get("/api/v1/releases/" + id);
      synchronized (this) {
        if (running) {
          status = release.path("status").asText();
          redraw(block(view));
        }
      }
    } catch (RuntimeException e) {
      // A missed poll only leaves the block as it was; the event stream is what counts.
    }
  }

  private List<String> block(JsonNode view) {
    List<String> block = new ArrayList<>();
    double seconds = (System.nanoTime() - startedAt) / 1e9;
    block.add(String.format(Locale.ROOT, "%s · %s · %.0fs", title, status, seconds));
    block.add("traffic    " + TrafficBar.of(view.path("traffic")));
    List<String> pools = new ArrayList<>();
    for (JsonNode pool : view.path("pools")) {
      int healthy = 0;
      int total = 0;
      for (JsonNode instance : pool.path("instances")) {
        total++;
        healthy += instance.path("state").asText().equals("healthy") ? 1 : 0;
      }
      // The gateway's own 10-second rates: what the version does now, not since it started.
      pools.add(
          String.format(
              Locale.ROOT,
              "%s %d of %d healthy, %.1f req/s, %.2f%% errors",
              pool.path("version").asText(),
              healthy,
              total,
              pool.path("requestsPerSecond").asDouble(),
              pool.path("errorRate").asDouble() * 100));
    }
    block.add("instances  " + (pools.isEmpty() ? "none" : String.join(" | ", pools)));
    return block;
  }

  private void redraw(List<String> next) {
    erase();
    lines = next.stream().map(this::fit).toList();
    draw();
  }

  /**
   * A line of the block cut to the terminal's width: a line that wrapped would take two rows, and
   * moving up by the number of lines would then leave the top row of the last drawing behind.
   */
  private String fit(String line) {
    int room = columns - 1;
    return line.length() <= room ? line : line.substring(0, room - 1) + "…";
  }

  private void erase() {
    if (!lines.isEmpty()) {
      out.print(String.format(UP, lines.size()) + "\r" + CLEAR_DOWN);
    }
  }

  private void draw() {
    for (String line : lines) {
      out.println(line);
    }
    out.flush();
  }
}
