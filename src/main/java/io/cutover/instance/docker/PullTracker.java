package io.cutover.instance.docker;

import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.ResponseItem;
import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.ImagePullProgress.Stage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adds up the engine's per-layer pull messages into one figure for the whole image, and reports it
 * at most once per {@code every}: a pull sends hundreds of messages a second, the release's log
 * wants a line now and then.
 */
final class PullTracker {
  private final String image;
  private final Consumer<ImagePullProgress> progress;
  private final long everyNanos;
  private final long began = System.nanoTime();
  private final Map<String, Layer> layers = new LinkedHashMap<>();
  private long lastReport = began;

  PullTracker(String image, Consumer<ImagePullProgress> progress, Duration every) {
    this.image = image;
    this.progress = progress;
    this.everyNanos = every.toNanos();
  }

  void started() {
    progress.accept(figures(Stage.STARTED));
  }

  /** One message of the engine's pull stream (called on docker-java's thread, one at a time). */
  synchronized void seen(PullResponseItem item) {
    String status = item.getStatus();
    String id = item.getId();
    if (status == null || id == null || !isLayerStatus(status)) {
      return; // "Pulling from …", "Digest: …", "Status: …": about the image, not a layer
    }
    Layer layer = layers.computeIfAbsent(id, k -> new Layer());
    ResponseItem.ProgressDetail detail = item.getProgressDetail();
    if (status.startsWith("Downloading") && detail != null) {
      if (detail.getTotal() != null && detail.getTotal() > 0) {
        layer.total = detail.getTotal();
      }
      if (detail.getCurrent() != null) {
        layer.current = detail.getCurrent();
      }
    } else if (status.equals("Download complete")) {
      layer.current = layer.total;
    } else if (status.equals("Pull complete") || status.equals("Already exists")) {
      layer.current = layer.total;
      layer.done = true;
    }
    long now = System.nanoTime();
    if (now - lastReport >= everyNanos) {
      lastReport = now;
      progress.accept(figures(Stage.PROGRESS));
    }
  }

  synchronized ImagePullProgress done() {
    return figures(Stage.DONE);
  }

  private static boolean isLayerStatus(String status) {
    return status.startsWith("Pulling fs layer")
        || status.startsWith("Waiting")
        || status.startsWith("Downloading")
        || status.startsWith("Verifying")
        || status.startsWith("Download complete")
        || status.startsWith("Extracting")
        || status.startsWith("Pull complete")
        || status.startsWith("Already exists");
  }

  private ImagePullProgress figures(Stage stage) {
    int done = 0;
    long current = 0;
    long total = 0;
    for (Layer layer : layers.values()) {
      done += layer.done ? 1 : 0;
      current += layer.current;
      total += layer.total;
    }
    return new ImagePullProgress(
        image,
        stage,
        layers.size(),
        done,
        current,
        total,
        Duration.ofNanos(System.nanoTime() - began));
  }

  private static final class Layer {
    long total;
    long current;
    boolean done;
  }
}
