package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.cutover.instance.LogTail;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A container's output (stdout and stderr) as lines into an instance's {@link LogTail}, followed
 * while it runs, so a failure message can quote its last lines as the process driver's does.
 */
final class ContainerLogs extends ResultCallback.Adapter<Frame> {
  private final LogTail tail;
  private final StringBuilder partial = new StringBuilder();

  private ContainerLogs(LogTail tail) {
    this.tail = tail;
  }

  /** Follows the container's output from its last {@code backlog} lines on; close to stop. */
  static Closeable follow(DockerClient docker, String containerId, LogTail tail, int backlog) {
    return docker
        .logContainerCmd(containerId)
        .withStdOut(true)
        .withStdErr(true)
        .withFollowStream(true)
        .withTail(backlog)
        .exec(new ContainerLogs(tail));
  }

  /** The container's last {@code lines} lines, read once (it may have exited). Blocking. */
  static String last(DockerClient docker, String containerId, int lines) {
    LogTail tail = new LogTail(lines);
    ContainerLogs logs = new ContainerLogs(tail);
    try {
      docker
          .logContainerCmd(containerId)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(logs)
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      return "(logs unreadable: " + e.getMessage() + ")";
    }
    logs.flush();
    return tail.last(lines);
  }

  @Override
  public synchronized void onNext(Frame frame) {
    partial.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
    int newline;
    while ((newline = partial.indexOf("\n")) >= 0) {
      tail.add(stripCr(partial.substring(0, newline)));
      partial.delete(0, newline + 1);
    }
  }

  @Override
  public void onComplete() {
    flush();
    super.onComplete();
  }

  private synchronized void flush() {
    if (partial.length() > 0) {
      tail.add(stripCr(partial.toString()));
      partial.setLength(0);
    }
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
