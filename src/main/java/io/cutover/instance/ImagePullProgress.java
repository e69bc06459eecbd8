package io.cutover.instance;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How far the pull of a version's image has come, as a driver reports it while it prepares the
 * version: the release's log shows it, since a pull of a large image is where a deploy waits.
 *
 * @param layers layers the engine announced so far (it announces them as it reads the manifest)
 * @param bytesTotal sum of the sizes of the layers whose size the engine gave; 0 before any
 * @param took since the pull began
 */
public record ImagePullProgress(
    String image,
    Stage stage,
    int layers,
    int layersDone,
    long bytesDone,
    long bytesTotal,
    Duration took) {

  public enum Stage {
    STARTED,
    PROGRESS,
    DONE
  }

  public String message() {
    return switch (stage) {
      case STARTED -> "pulling image " + image;
      case PROGRESS ->
          "pulling image " + image + ": " + layersDone + " of " + layers + " layer(s), " + sizes();
      case DONE ->
          "pulled image "
              + image
              + " in "
              + String.format(Locale.ROOT, "%.1f", took.toMillis() / 1000.0)
              + "s ("
              + layers
              + " layer(s), "
              + megabytes(bytesTotal)
              + ")";
    };
  }

  private String sizes() {
    return megabytes(bytesDone) + " of " + megabytes(bytesTotal);
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  /** The figures, for the event's data. */
  public Map<String, Object> data() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("image", image);
    data.put("layers", layers);
    data.put("layersDone", layersDone);
    data.put("bytesDone", bytesDone);
    data.put("bytesTotal", bytesTotal);
    data.put("tookMs", took.toMillis());
    return data;
  }
}
