package io.cutover.instance.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.PullResponseItem;
import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.ImagePullProgress.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's pull stream, as the messages its API sends (the JSON lines of {@code POST
 * /images/create}, read the way docker-java reads them), added up per image.
 */
class PullTrackerTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Test
  void layersAndBytesAreAddedUpAcrossTheStream() throws Exception {
    List<ImagePullProgress> reports = new ArrayList<>();
    PullTracker tracker = new PullTracker("demo:v2", reports::add, Duration.ZERO);
    tracker.started();
    for (String line :
        List.of(
            "{\"status\":\"Pulling from cutover-pull\",\"id\":\"v2\"}",
            "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"aaa\"}",
            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbb\"}",
            "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"ccc\"}",
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1000,\"total\":4000},"
                + "\"id\":\"bbb\"}",
            "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":2000},"
                + "\"id\":\"ccc\"}",
            "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"bbb\"}",
            "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":4000,\"total\":4000},"
                + "\"id\":\"bbb\"}",
            "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"bbb\"}",
            "{\"status\":\"Digest: sha256:41d4\"}",
            "{\"status\":\"Status: Downloaded newer image for demo:v2\"}")) {
      tracker.seen(JSON.readValue(line, PullResponseItem.class));
    }
    ImagePullProgress done = tracker.done();

    assertEquals(Stage.STARTED, reports.get(0).stage());
    assertEquals("pulling image demo:v2", reports.get(0).message());
    // after both downloads began: 3 layers, none done, 1500 of 6000 bytes
    ImagePullProgress midway = reports.get(5);
    assertEquals(Stage.PROGRESS, midway.stage());
    assertEquals(List.of(3, 1, 1500L, 6000L), figures(midway));
    assertEquals("pulling image demo:v2: 1 of 3 layer(s), 0.0 MB of 0.0 MB", midway.message());
    // the image-wide lines (Pulling from, Digest, Status) count as no layer
    assertEquals(List.of(3, 2, 4500L, 6000L), figures(done));
    assertEquals(Stage.DONE, done.stage());
  }

  @Test
  void progressIsReportedAtMostOncePerInterval() throws Exception {
    List<ImagePullProgress> reports = new ArrayList<>();
    PullTracker tracker = new PullTracker("demo:v2", reports::add, Duration.ofHours(1));
    tracker.started();
    for (int i = 0; i < 100; i++) {
      tracker.seen(
          JSON.readValue(
              "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":"
                  + i
                  + ",\"total\":100},\"id\":\"bbb\"}",
              PullResponseItem.class));
    }
    assertEquals(List.of(Stage.STARTED), reports.stream().map(ImagePullProgress::stage).toList());
  }

  private static List<Object> figures(ImagePullProgress p) {
    return List.of(p.layers(), p.layersDone(), p.bytesDone(), p.bytesTotal());
  }
}
