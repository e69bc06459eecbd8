package io.cutover.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Polls the services folder and calls back once a change has settled. Polling (name, size, mtime
 * and inode of each file) works the same on every file system and sees a folder that appears later;
 * a change is acted on when two checks in a row agree, so an editor's burst of writes gives one
 * reload.
 */
final class ServicesFolderWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ServicesFolderWatch.class);
  private static final Map<String, String> MISSING = Map.of("", "missing folder");

  private final Path dir;
  private final Duration interval;
  private final Runnable onChange;
  private final ScheduledExecutorService timer;
  private Map<String, String> applied;
  private Map<String, String> settling;

  /** Takes the first look at once: start it before the first load so nothing is missed. */
  ServicesFolderWatch(Path dir, Duration interval, Runnable onChange) {
    this.dir = dir;
    this.interval = interval;
    this.onChange = onChange;
    this.applied = look();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "cutover-services-watch");
              thread.setDaemon(true);
              return thread;
            });
  }

  ServicesFolderWatch start() {
    long millis = Math.max(10, interval.toMillis());
    timer.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  /**
   * Tells the watch the folder was just read by other means (the reload API), so a change made
   * after that is seen as one even if the watch never saw the state that was read.
   */
  synchronized void loaded() {
    applied = look();
    settling = null;
  }

  private void check() {
    try {
      if (settled()) {
        // Outside the lock: a reload takes its own lock and then calls loaded().
        onChange.run();
      }
    } catch (RuntimeException e) {
      // A failure here must not end the schedule: the next change would go unseen.
      LOG.warnf(e, "services watch failed dir=%s", dir);
    }
  }

  /** True once a change from the last applied look is seen by two looks in a row. */
  private synchronized boolean settled() {
    Map<String, String> seen = look();
    if (seen.equals(applied)) {
      settling = null;
      return false;
    }
    if (seen.equals(settling)) {
      applied = seen;
      settling = null;
      return true;
    }
    settling = seen;
    return false;
  }

  private Map<String, String> look() {
    Map<String, String> files = new TreeMap<>();
    try {
      for (Path path : ServicesFolder.list(dir)) {
        try {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
          files.put(
              path.getFileName().toString(),
              attributes.size()
                  + " "
                  + attributes.lastModifiedTime().toInstant()
                  + " "
                  + Objects.toString(attributes.fileKey()));
        } catch (NoSuchFileException deletedSinceListed) {
          // Left out: it is gone.
        }
      }
      return files;
    } catch (IOException e) {
      return MISSING;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
