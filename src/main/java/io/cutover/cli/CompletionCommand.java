package io.cutover.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints picocli's bash/zsh completion script: {@code source <(bin/cutover completion)}. */
@Command(
    name = "completion",
    description = "Print the bash/zsh completion script: source <(cutover completion)")
final class CompletionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    System.out.print(AutoComplete.bash("cutover", spec.root().commandLine()));
  }
}
