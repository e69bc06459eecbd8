package io.cutover.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/cutover}'s client verbs; the launcher runs {@code gateway} itself. */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "cutover 0.1.0",
    description = "Deploy and watch releases through the Cutover gateway's admin API.",
    subcommands = {
      DeployCommand.class,
      StatusCommand.class,
      ReleasesCommand.class,
      ReleaseCommand.class,
      RollbackCommand.class,
      ControlCommand.Promote.class,
      ControlCommand.Abort.class,
      ControlCommand.Pause.class,
      ControlCommand.Resume.class,
      LogsCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done (with --wait: live), 1 the release ended failed, rolled_back or"
          + " aborted, 2 usage error, 3 gateway unreachable or 5xx, 4 refused (the reason printed)."
    })
public final class CutoverCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new CutoverCli())
        .setExecutionExceptionHandler(CutoverCli::failed)
        .setParameterExceptionHandler(CutoverCli::badUsage);
  }

  private static int failed(Exception e, CommandLine line, CommandLine.ParseResult result) {
    CliFailure failure =
        e instanceof CliFailure f ? f : e instanceof ProblemAnswer p ? p.failure() : null;
    if (failure == null) {
      throw new IllegalStateException(e);
    }
    line.getErr().println("cutover: " + failure.getMessage());
    return failure.exitCode();
  }

  private static int badUsage(CommandLine.ParameterException e, String[] args) {
    CommandLine line = e.getCommandLine();
    line.getErr().println("cutover: " + e.getMessage());
    line.getErr()
        .println("see `cutover " + subcommandName(line) + "--help` for the options and arguments");
    return CliFailure.USAGE;
  }

  private static String subcommandName(CommandLine line) {
    String name = line.getCommandName();
    return "cutover".equals(name) ? "" : name + " ";
  }
}
