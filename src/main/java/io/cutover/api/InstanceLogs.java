package io.cutover.api;

import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The log files of one service's instances, read from where each left off: the last lines once,
 * then what was appended since (a rotated, emptied file starts again from its beginning).
 */
final class InstanceLogs {
  private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private static final int MAX_READ = 1 << 20;

  private final Map<String, Path> files;
  private final Map<String, Long> offsets = new LinkedHashMap<>();

  private InstanceLogs(Map<String, Path> files) {
    this.files = files;
  }

  static InstanceLogs of(Path logRoot, LiveServices services, String service, String instance) {
    LiveService live =
        services
            .service(service)
            .orElseThrow(
                () ->
                    new ProblemException(
                        404,
                        "no service named " + service + ": list them with GET /api/v1/services"));
    Path dir = logRoot.resolve(live.name());
    Map<String, Path> files = new LinkedHashMap<>();
    if (instance != null && !instance.isBlank()) {
      Path file = dir.resolve(instance + ".log");
      if (!INSTANCE_ID.matcher(instance).matches() || !Files.isRegularFile(file)) {
        throw new ProblemException(
            404,
            "no log of instance "
                + instance
                + " of "
                + service
                + ": name one of the ids GET /api/v1/services/"
                + service
                + " lists");
      }
      files.put(instance, file);
    } else {
      live.pools()
          .forEach(
              pool ->
                  pool.instances()
                      .forEach(
                          running -> {
                            Path file = dir.resolve(running.id() + ".log");
                            if (Files.isRegularFile(file)) {
                              files.put(running.id(), file);
                            }
                          }));
    }
    return new InstanceLogs(files);
  }

  /** The last {@code count} lines of each file; later reads go on from here. */
  synchronized List<String> tail(int count) {
    List<String> out = new ArrayList<>();
    files.forEach(
        (id, file) -> {
          try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            offsets.put(id, Files.size(file));
            all.subList(Math.max(0, all.size() - count), all.size())
                .forEach(line -> out.add(id + " | " + line + "\n"));
          } catch (IOException e) {
            offsets.put(id, 0L);
          }
        });
    return out;
  }

  /** The whole lines appended to each file since the last read. */
  synchronized List<String> appended() {
    List<String> out = new ArrayList<>();
    files.forEach(
        (id, file) -> {
          try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
            long from = offsets.getOrDefault(id, 0L);
            if (reader.length() < from) {
              from = 0; // rotated: the file was emptied
            }
            byte[] bytes = new byte[(int) Math.min(reader.length() - from, MAX_READ)];
            reader.seek(from);
            reader.readFully(bytes);
            // Whole lines only, the rest is read next time; a line longer than a read goes as is.
            int end = lastNewline(bytes) + 1;
            if (end == 0 && bytes.length == MAX_READ) {
              end = MAX_READ;
            }
            offsets.put(id, from + end);
            for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
              if (!line.isEmpty()) {
                out.add(id + " | " + line + "\n");
              }
            }
          } catch (IOException e) {
            // Removed between two reads: nothing more from it.
          }
        });
    return out;
  }

  private static int lastNewline(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
