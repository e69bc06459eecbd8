package io.cutover.instance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A process's merged stdout and stderr: written by the process itself straight into its log file,
 * and followed from there into its {@link LogTail}.
 *
 * <p>Not a pipe: the JDK closes a child's stdout pipe as soon as the child exits, so what a
 * grandchild prints after that (a wrapper script's app draining) would be lost; and an app never
 * blocks on a full pipe when the gateway reads slowly.
 */
final class ProcessOutput {
  private static final ScheduledExecutorService FOLLOWER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "instance-output");
            thread.setDaemon(true);
            return thread;
          });
  private volatile ScheduledFuture<?> following;
  private static final Logger LOG = Logger.getLogger(ProcessOutput.class);
  private static final long IDLE_POLL_MS = 50;
  private static final int MAX_LINE_BYTES = 16 * 1024;

  private final Path file;
  private final FileChannel reader;
  private final LogTail tail;
  private final ByteBuffer buffer = ByteBuffer.allocate(8192);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile boolean finished;

  private ProcessOutput(Path file, FileChannel reader, LogTail tail) {
    this.file = file;
    this.reader = reader;
    this.tail = tail;
  }

  /** Creates the (empty) log file and its folders. */
  static ProcessOutput create(Path file, int tailLines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[0]);
    return new ProcessOutput(
        file, FileChannel.open(file, StandardOpenOption.READ), new LogTail(tailLines));
  }

  LogTail tail() {
    return tail;
  }

  /** Where the process writes: appended to its log file. */
  Redirect redirect() {
    return Redirect.appendTo(file.toFile());
  }

  /**
   * Follows the file into the tail until {@link #finish()}, like tail -f: a short poll on one
   * shared thread is cheaper than a thread or a watch service per instance.
   */
  void follow(String instanceId) {
    following =
        FOLLOWER.scheduleWithFixedDelay(this::catchUp, 0, IDLE_POLL_MS, TimeUnit.MILLISECONDS);
  }

  /** The process is gone: read what is left, so the tail is complete, and stop following. */
  synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (following != null) {
      following.cancel(false);
    }
    catchUp();
    if (line.size() > 0) {
      endLine();
    }
    try {
      reader.close();
    } catch (IOException e) {
      LOG.debugf("log file close failed file=%s: %s", file, e.getMessage());
    }
  }

  /** Adds every complete new line to the tail; returns the bytes read. */
  private synchronized int catchUp() {
    if (finished && !reader.isOpen()) {
      return 0;
    }
    int total = 0;
    try {
      int read;
      while ((read = reader.read(buffer.clear())) > 0) {
        total += read;
        byte[] bytes = buffer.array();
        for (int i = 0; i < read; i++) {
          if (bytes[i] == '\n') {
            endLine();
          } else {
            line.write(bytes[i]);
            if (line.size() >= MAX_LINE_BYTES) {
              endLine();
            }
          }
        }
      }
    } catch (IOException e) {
      LOG.debugf("log file read failed file=%s: %s", file, e.getMessage());
    }
    return total;
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    tail.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    line.reset();
  }
}
