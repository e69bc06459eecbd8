package io.cutover.config;

import static io.cutover.config.TestServicesFolder.goodYaml;
import static io.cutover.config.TestServicesFolder.uniqueName;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServiceCatalogTest {
  // The watch acts within about a second; the rest is room for a busy build machine.
  private static final Duration WATCH = Duration.ofSeconds(5);

  @Inject ServiceCatalog catalog;
  @Inject RecordingListener listener;
  private final TestServicesFolder folder = new TestServicesFolder();

  @AfterEach
  void removeTheFilesOfThisTest() {
    folder.deleteAll();
    catalog.reload();
  }

  @Test
  void aNewFileIsPickedUpByTheWatcherAndAnnounced() {
    String name = uniqueName("new");

    folder.write(name, goodYaml(name, 1));

    await().atMost(WATCH).until(() -> catalog.service(name).isPresent());
    assertEquals(List.of(name + ".localhost"), catalog.service(name).get().routes().hosts());
    assertEquals("added", listener.about(name).get(0).kind());
  }

  @Test
  void aGoodEditIsPickedUpByTheWatcherWithinSeconds() {
    String name = uniqueName("edit");
    folder.write(name, goodYaml(name, 1));
    catalog.reload();

    folder.write(name, goodYaml(name, 3));

    await().atMost(WATCH).until(() -> catalog.service(name).get().instances() == 3);
    RecordingListener.Heard last = listener.about(name).get(listener.about(name).size() - 1);
    assertEquals("changed", last.kind());
    assertEquals(1, last.previous().instances());
    assertEquals(3, last.current().instances());
  }

  @Test
  void aBadEditKeepsThePreviousGoodConfigAndLeavesOtherServicesAlone() {
    String name = uniqueName("bad");
    String other = uniqueName("other");
    folder.write(name, goodYaml(name, 2));
    folder.write(other, goodYaml(other, 1));
    catalog.reload();
    ServiceConfig good = catalog.service(name).get();
    ServiceConfig untouched = catalog.service(other).get();
    int heardBefore = listener.about(name).size();

    folder.write(name, goodYaml(name, 2) + "health: {interval: soon}\n");

    String file = TestServicesFolder.dir().resolve(name + ".yaml").toString();
    await()
        .atMost(WATCH)
        .until(() -> catalog.problems().stream().anyMatch(p -> p.file().equals(file)));
    assertEquals(good, catalog.service(name).get());
    assertEquals(untouched, catalog.service(other).get());
    assertEquals(heardBefore, listener.about(name).size(), "a refused edit announces nothing");
    RefusedFile refused = catalog.state().refused().get(file);
    assertTrue(refused.keptPrevious());
    assertEquals("health.interval", refused.problems().get(0).keyPath());
  }

  @Test
  void aDeletedFileRemovesTheServiceAndTellsTheListeners() {
    String name = uniqueName("gone");
    folder.write(name, goodYaml(name, 1));
    catalog.reload();

    folder.delete(name);

    await().atMost(WATCH).until(() -> catalog.service(name).isEmpty());
    List<RecordingListener.Heard> heard = listener.about(name);
    assertEquals("removed", heard.get(heard.size() - 1).kind());
    assertEquals(name, heard.get(heard.size() - 1).previous().name());
  }

  @Test
  void aSecondServiceClaimingTheSameRouteIsRefusedNamingBoth() {
    String first = uniqueName("first");
    String second = uniqueName("second");
    folder.write(first, goodYaml(first, 1));
    catalog.reload();

    folder.write(
        second, "routes: {hosts: [\"" + first + ".localhost\"]}\ndriver: {type: static}\n");
    CatalogChange change = catalog.reload();

    assertFalse(change.state().services().containsKey(second));
    assertTrue(catalog.service(first).isPresent());
    String file = TestServicesFolder.dir().resolve(second + ".yaml").toString();
    String message = catalog.state().refused().get(file).problems().get(0).message();
    assertTrue(message.contains("service " + first), message);
    assertTrue(message.startsWith(file + ": routes:"), message);
  }
}
