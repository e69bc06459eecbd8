package io.cutover.instance;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Where a process's merged stdout and stderr go: the last lines in its {@link LogTail} and every
 * line in its log file. A dedicated thread reads it, because reading a pipe blocks.
 */
final class ProcessOutput {
  private static final Logger LOG = Logger.getLogger(ProcessOutput.class);

  private final Path file;
  private final BufferedWriter writer;
  private final LogTail tail;

  private ProcessOutput(Path file, BufferedWriter writer, LogTail tail) {
    this.file = file;
    this.writer = writer;
    this.tail = tail;
  }

  /** Creates the log file (and its folders). */
  static ProcessOutput open(Path file, int tailLines) throws IOException {
    Files.createDirectories(file.getParent());
    return new ProcessOutput(
        file, Files.newBufferedWriter(file, StandardCharsets.UTF_8), new LogTail(tailLines));
  }

  LogTail tail() {
    return tail;
  }

  Path file() {
    return file;
  }

  /** Copies the stream line by line until the process closes it, on a thread of its own. */
  void pump(InputStream output, String instanceId) {
    Thread thread = new Thread(() -> copy(output), "instance-output-" + instanceId);
    thread.setDaemon(true);
    thread.start();
  }

  void close() {
    try {
      writer.close();
    } catch (IOException e) {
      LOG.debugf("log file close failed file=%s: %s", file, e.getMessage());
    }
  }

  private void copy(InputStream output) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        tail.add(line);
        writer.write(line);
        writer.newLine();
        // Flush once the burst is written: the file stays current without a flush per line.
        if (!reader.ready()) {
          writer.flush();
        }
      }
    } catch (IOException e) {
      LOG.debugf("instance output ended file=%s: %s", file, e.getMessage());
    } finally {
      close();
    }
  }
}
