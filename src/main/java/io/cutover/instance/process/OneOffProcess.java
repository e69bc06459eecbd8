package io.cutover.instance.process;

import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.LogTail;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.instance.Placeholders;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A release command run as a local process: {@code deploy.release-command} in {@code
 * driver.workdir}, with the environment an instance of the version gets. Blocking: run it on a
 * worker.
 */
final class OneOffProcess {
  private static final int TAIL_LINES = 50;

  private OneOffProcess() {}

  static OneOffResult run(OneOffRun run, int port, Map<String, String> gatewayEnv) {
    InstanceSpec spec = new InstanceSpec(run.service(), run.version(), 0, run.config(), null);
    Placeholders values = new Placeholders(run.version(), port, 0);
    List<String> argv = run.command().stream().map(values::apply).toList();
    // Same checks and environment as an instance: a bad workdir is refused the same way.
    ProcessCommand instanceShape = ProcessCommand.of(spec, values, gatewayEnv);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .directory(instanceShape.workdir().toFile())
            .redirectInput(Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(instanceShape.env());
    long began = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new InstanceStartException(
          run.service(),
          "the release command "
              + argv.get(0)
              + " could not run in "
              + instanceShape.workdir()
              + ": "
              + e.getMessage(),
          e);
    }
    LogTail tail = new LogTail(TAIL_LINES);
    Thread reader = new Thread(() -> read(process, tail), "release-command-output");
    reader.setDaemon(true);
    reader.start();
    boolean exited = waitFor(process, run.timeout());
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitFor(process, Duration.ofSeconds(10));
    }
    join(reader);
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    return new OneOffResult(
        exited ? process.exitValue() : -1, !exited, took, tail.last(TAIL_LINES));
  }

  private static void read(Process process, LogTail tail) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        tail.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return false;
    }
  }

  private static void join(Thread reader) {
    try {
      reader.join(Duration.ofSeconds(5).toMillis()); // a grandchild may still hold the pipe
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
