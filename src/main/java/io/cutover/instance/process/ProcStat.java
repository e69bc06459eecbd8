package io.cutover.instance.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as Linux's {@code /proc/<pid>/stat} shows it: its state and its start time in clock
 * ticks since boot. The pid and the start time together name one process; a pid alone may have been
 * reused by another since.
 */
record ProcStat(long pid, char state, long startTicks) {

  /** The process now; empty when there is none (or no /proc). */
  static Optional<ProcStat> of(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last
    // ')'.
    int end = stat.lastIndexOf(')');
    if (end < 0) {
      return Optional.empty();
    }
    String[] fields = stat.substring(end + 2).split(" ");
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    if (fields.length < 20 || fields[0].isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProcStat(pid, fields[0].charAt(0), Long.parseLong(fields[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** This JVM. */
  static Optional<ProcStat> self() {
    return of(ProcessHandle.current().pid());
  }

  /** Whether the process that had this pid and start time still runs (a zombie does not). */
  static boolean running(long pid, long startTicks) {
    return of(pid).filter(p -> p.startTicks == startTicks && p.state != 'Z').isPresent();
  }
}
