package io.cutover.instance.process;

import io.cutover.config.DriverConfig;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.Placeholders;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one process instance runs: {@code driver.command} with its placeholders filled, in its
 * {@code driver.workdir}, from the minimal environment of {@link InstanceEnvironment}.
 */
final class ProcessCommand {
  private static final String SETSID =
      Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : null;

  private final String service;
  private final List<String> argv;
  private final Path workdir;
  private final Map<String, String> env;

  private ProcessCommand(String service, List<String> argv, Path workdir, Map<String, String> env) {
    this.service = service;
    this.argv = argv;
    this.workdir = workdir;
    this.env = env;
  }

  /** Checks the service's driver section; a bad one refuses the start saying what to change. */
  static ProcessCommand of(InstanceSpec spec, Placeholders values, Map<String, String> gatewayEnv) {
    DriverConfig driver = spec.config().driver();
    if (driver.command().isEmpty()) {
      throw new InstanceStartException(
          spec.service(),
          "service " + spec.service() + " uses driver process but driver.command is empty");
    }
    List<String> argv = driver.command().stream().map(values::apply).toList();
    return new ProcessCommand(
        spec.service(),
        argv,
        workdir(spec),
        InstanceEnvironment.of(gatewayEnv, driver.env(), values));
  }

  Path workdir() {
    return workdir;
  }

  Map<String, String> env() {
    return env;
  }

  /**
   * Spawns the process, its output to {@code output} and its input empty, in a session of its own
   * (setsid, where there is one): a signal to the gateway's process group (Ctrl-C, a supervisor)
   * never reaches it, so it can outlive the gateway. setsid only forks when it must (it runs in
   * place here), and {@code -w} keeps the recorded pid alive with the program if it ever does.
   */
  Process start(ProcessOutput output) {
    List<String> command = argv;
    // A program that cannot run is left to the JDK, which refuses it at once with the reason;
    // through setsid it would only be an instance exiting with 1.
    if (SETSID != null && runnable(argv.get(0))) {
      command = new java.util.ArrayList<>(argv.size() + 2);
      command.add(SETSID);
      command.add("-w");
      command.addAll(argv);
    }
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).directory(workdir.toFile());
    builder.environment().clear(); // the gateway's own environment holds its secrets
    builder.environment().putAll(env);
    builder.redirectOutput(output.redirect()).redirectInput(Redirect.from(new File("/dev/null")));
    try {
      return builder.start();
    } catch (IOException e) {
      throw new InstanceStartException(
          service,
          // The program only: its arguments may hold a secret, and this reaches logs and the API.
          "service "
              + service
              + " could not run driver.command "
              + argv.get(0)
              + " ("
              + (argv.size() - 1)
              + " arguments not shown): "
              + e.getMessage(),
          e);
    }
  }

  /** Whether setsid's execvp will find the program: a path, or a name on the instance's PATH. */
  private boolean runnable(String program) {
    if (program.contains("/")) {
      return executable(workdir.resolve(program));
    }
    for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && executable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static boolean executable(Path file) {
    return Files.isRegularFile(file) && Files.isExecutable(file);
  }

  private static Path workdir(InstanceSpec spec) {
    String configured = spec.config().driver().workdir();
    Path dir =
        Path.of(configured == null || configured.isBlank() ? "." : configured).toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new InstanceStartException(
          spec.service(),
          "service "
              + spec.service()
              + ": driver.workdir "
              + configured
              + " ("
              + dir
              + ") is not a directory");
    }
    return dir;
  }
}
