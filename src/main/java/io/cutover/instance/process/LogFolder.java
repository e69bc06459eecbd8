package io.cutover.instance.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One service's instance logs ({@code logs/<service>/}): every deploy adds files, so only the
 * newest of the instances that ended are kept; a running instance's log is never removed.
 */
final class LogFolder {
  private static final Logger LOG = Logger.getLogger(LogFolder.class);
  private static final String SUFFIX = ".log";

  private LogFolder() {}

  /** Removes the logs (and their rotations) of ended instances past the newest {@code keep}. */
  static void prune(Path dir, Set<String> running, int keep) {
    List<Path> ended;
    try (Stream<Path> files = Files.list(dir)) {
      ended =
          files
              .filter(file -> file.getFileName().toString().endsWith(SUFFIX))
              .filter(file -> !running.contains(instanceId(file)))
              .sorted(Comparator.comparing(LogFolder::modified).reversed())
              .toList();
    } catch (IOException e) {
      LOG.debugf("log folder not pruned dir=%s reason=%s", dir, e.getMessage());
      return;
    }
    for (Path old : ended.subList(Math.min(keep, ended.size()), ended.size())) {
      remove(old);
    }
  }

  private static void remove(Path log) {
    String name = log.getFileName().toString();
    try (Stream<Path> files = Files.list(log.getParent())) {
      for (Path file : files.toList()) {
        String other = file.getFileName().toString();
        if (other.equals(name) || other.matches(java.util.regex.Pattern.quote(name) + "\\.\\d+")) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      LOG.debugf("log file not removed file=%s reason=%s", log, e.getMessage());
    }
  }

  private static String instanceId(Path log) {
    String name = log.getFileName().toString();
    return name.substring(0, name.length() - SUFFIX.length());
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException gone) {
      return FileTime.fromMillis(0);
    }
  }
}
