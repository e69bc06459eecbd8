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
import java.util.regex.Matcher;
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
    Deploy deploy = deployInTmux("bar", 120);
    String session = deploy.session();
    try {
      awaitScreen(session, "the bar at 20%", deploy.bar(20));
      awaitScreen(session, "the bar at 50%", deploy.bar(50));
      String end = awaitScreen(session, "the end", Pattern.compile("EXIT=\\d+"));
      System.out.println("cutover deploy --wait, the final screen in tmux:\n" + end);
      assertTrue(end.contains("EXIT=0"), end);
      assertTrue(end.contains(": live;"), end);
      long trafficLines = end.lines().filter(line -> line.startsWith("traffic ")).count();
      assertEquals(1, trafficLines, "the block was appended, not redrawn in place:\n" + end);
      assertTrue(deploy.bar(100).matcher(end).find(), end);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  @Test
  void inANarrowTerminalTheBlockIsCutToFitAndStillRedrawnInPlace() throws Exception {
    int width = 60;
    Deploy deploy = deployInTmux("narrow", width);
    String session = deploy.session();
    try {
      // At 50% both versions' instances are on the block's last line, longer than 60 columns.
      // A drawing left behind shows only once the block is drawn again: wait for a later one.
      String first = awaitScreen(session, "the bar at 50%", deploy.bar(50));
      Matcher clock = Pattern.compile(" · (\\d+)s$", Pattern.MULTILINE).matcher(first);
      assertTrue(clock.find(), first);
      Pattern later =
          Pattern.compile(
              "(?s)(?=.*" + deploy.bar(50) + ").*· (?!" + clock.group(1) + "s)\\d+s$.*",
              Pattern.MULTILINE);
      assertBlockFits(awaitScreen(session, "the bar at 50%, drawn again", later), width);
      String end = awaitScreen(session, "the end", Pattern.compile("EXIT=\\d+"));
      assertTrue(end.contains("EXIT=0"), end);
      assertBlockFits(end, width);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  /**
   * capture-pane -J joins a wrapped line back into one: a block line longer than the width wrapped,
   * and a second title, traffic or instances line is a drawing left behind (moving up by the
   * block's lines misses the rows a wrapped line took).
   */
  private static void assertBlockFits(String screen, int width) {
    for (Pattern line :
        List.of(
            Pattern.compile("^release \\d+ · "),
            Pattern.compile("^traffic "),
            Pattern.compile("^instances "))) {
      List<String> block = screen.lines().filter(l -> line.matcher(l).find()).toList();
      assertEquals(1, block.size(), "one " + line + " line, redrawn in place:\n" + screen);
      assertTrue(block.get(0).length() <= width, "cut to the width:\n" + screen);
    }
  }

  @Test
  void ctrlCStopsTheWatchingNotTheRelease() throws Exception {
    Deploy deploy = deployInTmux("ctrl-c", 120);
    String session = deploy.session();
    try {
      String started = awaitScreen(session, "the bar at 20%", deploy.bar(20));
      Matcher release =
          Pattern.compile("release (\\d+): " + Pattern.quote(gateway.service)).matcher(started);
      assertTrue(release.find(), started);
      long id = Long.parseLong(release.group(1));
      assertEquals(0, tmux("send-keys", "-t", session, "C-c").exit);

      String end = awaitScreen(session, "the exit", Pattern.compile("EXIT=\\d+"));
      assertTrue(end.contains("stopped watching; release " + id + " goes on"), end);
      assertTrue(end.contains("cutover abort " + id), "says how to abort:\n" + end);
      assertTrue(end.contains("EXIT=130"), "the usual exit of an interrupted command:\n" + end);
      // Live, not aborted: the release went on without anyone watching.
      gateway.awaitLive(id, RELEASE_TIMEOUT);
    } finally {
      tmux("kill-session", "-t", session);
    }
  }

  /**
   * Starts {@code cutover deploy --wait} of a new version with the canary in a detached tmux
   * session {@code width} columns wide, and returns the session's name. The shell traps Ctrl-C (for
   * itself only: a trapped signal is reset in the child) so it still prints the exit code.
   */
  private Deploy deployInTmux(String name, int width) throws Exception {
    assumeTrue(tmux("-V").exit == 0, "tmux cannot run here: install tmux for the live-view test");
    String session = "cutover-" + name + "-" + ProcessHandle.current().pid();
    String version = version();
    String command =
        String.join(
            " ",
            "trap true INT;",
            "env",
            "CUTOVER_GATEWAY=http://127.0.0.1:" + gateway.adminPort,
            "CUTOVER_TOKEN=" + gateway.token(),
            Gateway.LAUNCHER.toString(),
            "deploy",
            gateway.service,
            "--version",
            version,
            "--strategy",
            "canary",
            "--wait;",
            "echo EXIT=$?;",
            "read");
    assertEquals(
        0,
        tmux("new-session", "-d", "-s", session, "-x", Integer.toString(width), "-y", "40", command)
            .exit);
    return new Deploy(session, version);
  }

  /** A deploy running in tmux session {@code session}. */
  private record Deploy(String session, String version) {
    /** The new version's traffic bar at {@code percent}. */
    Pattern bar(int percent) {
      return Pattern.compile(Pattern.quote(version) + " [█░]{10} " + percent + "%");
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
