package io.cutover.instance.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.instance.Instance;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances that outlive their gateway ({@code cutover.process.outlive-gateway}): the next gateway
 * on the data dir adopts the live release's as they run, and stops the others once its restore ran.
 */
class ProcessAdoptionTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private final List<ProcessDriver> drivers = new ArrayList<>();
  private final List<ProcessHandle> ours = new ArrayList<>();
  private final ExitReports exits = new ExitReports();

  @AfterEach
  void cleanUp() {
    drivers.forEach(ProcessDriver::shutdown);
    ours.forEach(ProcessHandle::destroyForcibly); // only processes this test started, if left
  }

  @Test
  void theLiveReleasesInstanceOutlivesASigtermedGatewayAndTheNextAdoptsItAsItRuns()
      throws Exception {
    ProcessHandle instance = instanceOfAStoppedGateway();
    InstanceRecord left = onlyRecord();

    ProcessDriver next = driver();
    Instance adopted =
        next.start(DriverChildMain.spec(DemoAppCommand.command(), DriverChildMain.RELEASE), exits)
            .await()
            .atMost(START);
    next.restoreEnded(Map.of("orphan", DriverChildMain.RELEASE)).await().atMost(START);

    assertEquals(
        instance.pid(), next.pid(adopted).orElseThrow(), "the same process, not a new one");
    assertEquals(left.port(), adopted.port());
    assertEquals(left.id(), adopted.id());
    assertEquals("v1", get(adopted.port(), "/"));
    assertTrue(instance.isAlive());
    assertEquals(ProcessHandle.current().pid(), onlyRecord().gatewayPid(), "recorded as ours now");

    next.stop(adopted, Duration.ofSeconds(2)).await().atMost(START);
    assertTrue(!instance.isAlive(), "an adopted instance stops like any other");
    assertEquals(List.of(), recordFiles());
    assertEquals(List.of(), exits.all(), "a stop asked for is no crash");
  }

  @Test
  void anInstanceOfAReleaseThatIsNoLongerLiveIsStoppedOnceTheRestoreRan() throws Exception {
    ProcessHandle instance = instanceOfAStoppedGateway();

    ProcessDriver next = driver();
    next.restoreEnded(Map.of("orphan", DriverChildMain.RELEASE + 1)).await().atMost(START);

    await().atMost(Duration.ofSeconds(10)).until(() -> !instance.isAlive());
    assertEquals(List.of(), recordFiles());
  }

  /** A gateway in its own JVM starts the demo app for release 7, then is stopped with SIGTERM. */
  private ProcessHandle instanceOfAStoppedGateway() throws Exception {
    ProcessHandle instance;
    try (DriverChild gateway =
        DriverChild.start(
            dataDir,
            Map.of(),
            Stream.concat(
                    Stream.of("outlive", dataDir.toString()), DemoAppCommand.command().stream())
                .toArray(String[]::new))) {
      instance = ProcessHandle.of(gateway.awaitInstancePid()).orElseThrow();
      ours.add(instance);
      int port = onlyRecord().port();
      await("the demo app answers")
          .atMost(START)
          .ignoreExceptions()
          .until(() -> get(port, "/health").equals("ok"));

      gateway.process().destroy();
      await().atMost(START).until(() -> !gateway.process().isAlive());
    }
    assertTrue(instance.isAlive(), "the instance outlived its gateway");
    assertEquals(1, recordFiles().size(), "and stays recorded");
    return instance;
  }

  private ProcessDriver driver() {
    ProcessDriver driver = new ProcessDriver(dataDir, true);
    drivers.add(driver);
    return driver;
  }

  private InstanceRecord onlyRecord() throws IOException {
    List<Path> files = recordFiles();
    assertEquals(1, files.size(), files::toString);
    return new ObjectMapper().readValue(files.get(0).toFile(), InstanceRecord.class);
  }

  private List<Path> recordFiles() throws IOException {
    Path dir = dataDir.resolve("instances");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).toList();
    }
  }

  private static String get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(2))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
  }
}
