package io.cutover.instance.process;

import io.cutover.instance.LogTail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
 *
 * <p>The file is kept under its {@link LogLimit} the way logrotate's copytruncate does it, as the
 * process holds the file open: the last {@code maxBytes} are copied to {@code <file>.1} and the
 * file is emptied; the process writes in append mode, so it goes on at the new end. What it writes
 * in the instant between the copy and the truncation is lost. The follower thread does it, never an
 * event loop; the file may pass the limit by what the process writes between two polls.
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

  /** Further behind than this, the follower skips to the last {@link #CATCH_UP_BYTES}. */
  private static final long MAX_BEHIND_BYTES = 1024 * 1024;

  private static final long CATCH_UP_BYTES = 256 * 1024;

  private final Path file;
  private final FileChannel channel;
  private final LogTail tail;
  private final LogLimit limit;
  private final ByteBuffer buffer = ByteBuffer.allocate(8192);
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private volatile boolean finished;

  private ProcessOutput(Path file, FileChannel channel, LogTail tail, LogLimit limit) {
    this.file = file;
    this.channel = channel;
    this.tail = tail;
    this.limit = limit;
  }

  /** Creates the (empty) log file and its folders. */
  static ProcessOutput create(Path file, int tailLines, LogLimit limit) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[0]);
    ownerOnly(file);
    // Read and write: the follower reads the file and empties it when it rotates.
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    return new ProcessOutput(file, channel, new LogTail(tailLines), limit);
  }

  /**
   * The log file of an adopted instance, which its process still writes: kept as it is, and
   * followed from near its end so the tail holds its last lines.
   */
  static ProcessOutput adopt(Path file, int tailLines, LogLimit limit) throws IOException {
    if (!Files.exists(file)) {
      return create(file, tailLines, limit);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    channel.position(Math.max(0, channel.size() - CATCH_UP_BYTES));
    return new ProcessOutput(file, channel, new LogTail(tailLines), limit);
  }

  /** What an app prints may hold its own secrets: only the gateway's user reads its log. */
  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // no POSIX permissions here (Windows): the data dir's own ACL applies
    }
  }

  /** The rotated file {@code n} (1 is the newest). */
  static Path rotated(Path file, int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
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
        FOLLOWER.scheduleWithFixedDelay(
            () -> catchUp(true), 0, IDLE_POLL_MS, TimeUnit.MILLISECONDS);
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
    catchUp(false); // no rotation once it is gone: its last lines stay in <id>.log
    if (line.size() > 0) {
      endLine();
    }
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debugf("log file close failed file=%s: %s", file, e.getMessage());
    }
  }

  /** Adds every complete new line to the tail, then rotates the file if it reached its limit. */
  private synchronized void catchUp(boolean mayRotate) {
    if (!channel.isOpen()) {
      return;
    }
    try {
      long size = channel.size();
      if (size < channel.position()) {
        channel.position(0); // emptied by someone else
      } else if (size - channel.position() > MAX_BEHIND_BYTES) {
        // A flood: the tail wants only the last lines, so skip what it would drop anyway.
        channel.position(size - CATCH_UP_BYTES);
        line.reset();
      }
      readUpTo(size);
      if (mayRotate && limit.reached(size)) {
        rotate();
      }
    } catch (IOException e) {
      LOG.debugf("log file read failed file=%s: %s", file, e.getMessage());
    }
  }

  /** Reads up to {@code end} only: a process that writes without pause never holds the thread. */
  private void readUpTo(long end) throws IOException {
    while (channel.position() < end) {
      int read = channel.read(buffer.clear());
      if (read <= 0) {
        return;
      }
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
  }

  private void rotate() throws IOException {
    long end = channel.size();
    if (limit.rotations() > 0) {
      for (int n = limit.rotations() - 1; n >= 1; n--) {
        Path older = rotated(file, n);
        if (Files.exists(older)) {
          Files.move(older, rotated(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Path copy = file.resolveSibling("." + file.getFileName() + ".rotating");
      long from = Math.max(0, end - limit.maxBytes());
      try (FileChannel out =
          FileChannel.open(
              copy,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        ownerOnly(copy); // before a byte is in it
        for (long at = from; at < end; ) {
          at += channel.transferTo(at, end - at, out);
        }
      }
      Files.move(copy, rotated(file, 1), StandardCopyOption.REPLACE_EXISTING);
    }
    readUpTo(end); // what came meanwhile still reaches the tail
    channel.truncate(0);
    channel.position(0);
    LOG.debugf("log file rotated file=%s bytes=%d", file, end);
  }

  private void endLine() {
    String text = line.toString(StandardCharsets.UTF_8);
    tail.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    line.reset();
  }
}
