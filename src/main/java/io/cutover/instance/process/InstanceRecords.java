package io.cutover.instance.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.instance.Instance;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The folder of {@link InstanceRecord}s, one JSON file per running instance. Each file is written
 * whole to a temporary name and moved into place, so a kill mid-write never leaves half a record.
 */
final class InstanceRecords {
  private static final Logger LOG = Logger.getLogger(InstanceRecords.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUFFIX = ".json";

  /** This gateway, as its instance records name it. */
  static final Optional<ProcStat> SELF = ProcStat.self();

  private final Path dir;

  InstanceRecords(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path file(String instanceId) {
    return dir.resolve(instanceId + SUFFIX);
  }

  /**
   * Writes a just-started instance down, so a gateway started after a kill of this one finds it; a
   * failure to write is logged, never a failed start.
   */
  void writeFor(Instance instance, Process process, Duration stopTimeout, long releaseId) {
    Optional<ProcStat> stat = ProcStat.of(process.pid());
    if (stat.isEmpty() || SELF.isEmpty()) {
      return; // no /proc: nothing could tell this process from a later one with its pid
    }
    try {
      write(
          new InstanceRecord(
              instance.id(),
              instance.service(),
              instance.version(),
              instance.index(),
              instance.port(),
              process.pid(),
              stat.get().startTicks(),
              SELF.get().pid(),
              SELF.get().startTicks(),
              stopTimeout.toMillis(),
              releaseId));
    } catch (IOException e) {
      LOG.warnf(
          "instance record not written id=%s dir=%s reason=%s", instance.id(), dir, e.getMessage());
    }
  }

  /** Records that this gateway runs the instance now; logged, never a failed adoption. */
  void takeOver(InstanceRecord record) {
    if (SELF.isEmpty()) {
      return;
    }
    try {
      write(record.ownedBy(SELF.get()));
    } catch (IOException e) {
      LOG.warnf(
          "instance record not written id=%s dir=%s reason=%s", record.id(), dir, e.getMessage());
    }
  }

  void write(InstanceRecord record) throws IOException {
    Files.createDirectories(dir);
    Path target = file(record.id());
    Path temporary = dir.resolve("." + record.id() + SUFFIX + ".tmp");
    Files.write(temporary, JSON.writeValueAsBytes(record));
    try {
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  void remove(String instanceId) {
    try {
      Files.deleteIfExists(file(instanceId));
    } catch (IOException e) {
      LOG.warnf("instance record not removed id=%s reason=%s", instanceId, e.getMessage());
    }
  }

  /** Every readable record; an unreadable one (or a leftover temporary file) is removed. */
  List<InstanceRecord> all() {
    List<InstanceRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp")) {
          Files.deleteIfExists(file);
        } else if (name.endsWith(SUFFIX)) {
          read(file, records);
        }
      }
    } catch (NoSuchFileException none) {
      return records;
    } catch (IOException e) {
      LOG.warnf("instance records unreadable dir=%s reason=%s", dir, e.getMessage());
    }
    return records;
  }

  private static void read(Path file, List<InstanceRecord> records) throws IOException {
    try {
      records.add(JSON.readValue(file.toFile(), InstanceRecord.class));
    } catch (IOException e) {
      LOG.warnf("instance record dropped file=%s reason=unreadable: %s", file, e.getMessage());
      Files.deleteIfExists(file);
    }
  }
}
