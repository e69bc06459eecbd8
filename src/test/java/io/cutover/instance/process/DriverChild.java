package io.cutover.instance.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link DriverChildMain} in a child JVM with the test's classpath; its output goes to a file.
 * Closing it kills the child JVM (by its pid: ours) if it still runs.
 */
final class DriverChild implements AutoCloseable {
  private final Process process;
  private final Path output;

  private DriverChild(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code DriverChildMain <args>} with these extra environment variables. */
  static DriverChild start(Path workDir, Map<String, String> env, String... args) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx128m"));
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(DriverChildMain.class.getName());
    command.addAll(List.of(args));
    Path output = workDir.resolve("child-" + System.nanoTime() + ".out");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(env);
    try {
      return new DriverChild(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Process process() {
    return process;
  }

  /** Everything it printed so far. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits until it printed {@code instance pid=N id=...} and returns N. */
  long awaitInstancePid() {
    await("the child's instance started")
        .atMost(Duration.ofSeconds(60))
        .failFast("the child JVM exited: " + output(), () -> !process.isAlive())
        .until(() -> output().contains("instance pid="));
    String line =
        output().lines().filter(l -> l.startsWith("instance pid=")).findFirst().orElseThrow();
    return Long.parseLong(line.substring("instance pid=".length(), line.indexOf(' ', 13)));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
