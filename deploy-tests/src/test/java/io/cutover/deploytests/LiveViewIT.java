package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover deploy --wait} in a real terminal (tmux): the traffic bar moves with the canary's
 * steps and is redrawn in place, not appended, and the final screen ends with the release live.
 */
class LiveViewIT extends OneServiceSuite {
  private static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(60);

  @Override
  String deployYaml() {
    // Steps long enough for a 500 ms redraw to show each; no load runs, so the windows are
    // inconclusive and promote.
    return String.join(
        "\n",
        "  analysis:",
        "    inconclusive: promote",
        "  canary:",
        "    steps: [{weight: 20, pause: 3s}, {weight: 50, pause: 3s}]");
  }

  @Test
  void theTrafficBarMovesInPlaceDuringACanary() throws Exception {
    assumeTrue(tmux("-V").exit == 0, "tmux cannot run here: install tmux for the live-view test");
    String session = "cutover-live-" + ProcessHandle.current().pid();
    String command =
        String.join(
            " ",
            "env",
            "CUTOVER_GATEWAY=http://127.0.0.1:" + gateway.adminPort,
            "CUTOVER_TOKEN=" + gateway.token(),
            Gateway.LAUNCHER.toString(),
            "deploy",
            gateway.service,
            "--version",
            version(),
            "--strategy",
            "canary",
            "--wait;",
            "echo EXIT=$?;",
            "read");
    assertEquals(
        0, tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", command).exit);
    try {
      awaitScreen(session, "the bar at 20%", Pattern.compile("v2 [█░]{10} 20%"));
      awaitScreen(session, "the bar at 50%", Pattern.compile("v2 [█░]{10} 50%"));
      String end = awaitScreen(session, "the end", Pattern.compile("EXIT=\\d+"));
      System.out.println("cutover deploy --wait, the final screen in tmux:\n" + end);
      assertTrue(end.contains("EXIT=0"), end);
      assertTrue(end.contains(": live;"), end);
      long trafficLines = end.lines().filter(line -> line.startsWith("traffic ")).count();
      assertEquals(1, trafficLines, "the block was appended, not redrawn in place:\n" + end);
      assertTrue(Pattern.compile("v2 █{10} 100%").matcher(end).find(), end);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  private static String awaitScreen(String session, String what, Pattern shows) {
    String[] screen = {""};
    try {
      await(what)
          .atMost(SCREEN_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                screen[0] = tmux("capture-pane", "-p", "-J", "-t", session).output;
                return shows.matcher(screen[0]).find();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the screen never showed " + what + ":\n" + screen[0], e);
    }
    return screen[0];
  }

  private static Run tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      return new Run(127, notInstalled.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "tmux hung");
    return new Run(process.exitValue(), output);
  }

  private record Run(int exit, String output) {}
}
