package io.cutover.instance.kubernetes;

import io.cutover.instance.LogTail;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A pod's output as lines into its instance's {@link LogTail}, followed while it runs (one log
 * stream per pod, as {@code kubectl logs -f}), so a failure message can quote its last lines.
 */
final class PodLogs extends OutputStream {
  private final LogTail tail;
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  private PodLogs(LogTail tail) {
    this.tail = tail;
  }

  /** Follows from its last {@code backlog} lines on; close the watch to stop. */
  static LogWatch follow(
      KubernetesClient client, String namespace, String pod, LogTail tail, int backlog) {
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .inContainer(PodRequest.CONTAINER)
        .tailingLines(backlog)
        .watchLog(new PodLogs(tail));
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      flushLine();
    } else {
      partial.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(bytes[i]);
    }
  }

  @Override
  public synchronized void close() {
    if (partial.size() > 0) {
      flushLine();
    }
  }

  private void flushLine() {
    String line = partial.toString(StandardCharsets.UTF_8);
    partial.reset();
    tail.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
  }
}
