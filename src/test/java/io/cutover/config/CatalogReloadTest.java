package io.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogReloadTest {
  private final ServiceConfigParser parser = new ServiceConfigParser();

  @Test
  void goodFilesBecomeTheServicesInForce() {
    CatalogState state =
        CatalogReload.next(
            CatalogState.EMPTY, List.of(file("a", "a.localhost", 1), file("b", "b.localhost", 2)));

    assertEquals(List.of("a", "b"), List.copyOf(state.services().keySet()));
    assertTrue(state.refused().isEmpty());
  }

  @Test
  void aBadEditKeepsThePreviousGoodConfig() {
    CatalogState before =
        CatalogReload.next(CatalogState.EMPTY, List.of(file("a", "a.localhost", 1)));

    CatalogState after = CatalogReload.next(before, List.of(bad("a", 2)));

    assertEquals(before.services(), after.services());
    RefusedFile refused = after.refused().get("services/a.yaml");
    assertTrue(refused.keptPrevious());
    assertEquals("instances", refused.problems().get(0).keyPath());
  }

  @Test
  void aBadNewFileAddsNoService() {
    CatalogState after = CatalogReload.next(CatalogState.EMPTY, List.of(bad("a", 1)));

    assertTrue(after.services().isEmpty());
    assertFalse(after.refused().get("services/a.yaml").keptPrevious());
  }

  @Test
  void aDeletedFileRemovesItsService() {
    CatalogState before =
        CatalogReload.next(
            CatalogState.EMPTY, List.of(file("a", "a.localhost", 1), file("b", "b.localhost", 1)));

    CatalogState after = CatalogReload.next(before, List.of(file("b", "b.localhost", 1)));

    assertEquals(List.of("b"), List.copyOf(after.services().keySet()));
  }

  @Test
  void ofTwoNewFilesClaimingTheSameRouteTheNewerIsRefusedNamingBoth() {
    CatalogState state =
        CatalogReload.next(
            CatalogState.EMPTY,
            List.of(file("a", "shop.localhost", 5), file("b", "shop.localhost", 9)));

    assertEquals(List.of("a"), List.copyOf(state.services().keySet()));
    ConfigProblem problem = state.refused().get("services/b.yaml").problems().get(0);
    assertEquals(
        "services/b.yaml: routes: shop.localhost/: service a (services/a.yaml) already claims host"
            + " shop.localhost with path-prefix /: change hosts or path-prefix in one of the two"
            + " files",
        problem.message());
  }

  @Test
  void aServiceInForceKeepsItsRouteAgainstANewerClaimEvenFromAnOlderFile() {
    CatalogState before =
        CatalogReload.next(CatalogState.EMPTY, List.of(file("b", "shop.localhost", 9)));

    CatalogState after =
        CatalogReload.next(
            before, List.of(file("a", "shop.localhost", 1), file("b", "shop.localhost", 9)));

    assertEquals(List.of("b"), List.copyOf(after.services().keySet()));
    assertTrue(after.refused().containsKey("services/a.yaml"));
  }

  @Test
  void aChangedServiceRefusedForItsRouteKeepsItsPreviousOne() {
    CatalogState before =
        CatalogReload.next(
            CatalogState.EMPTY, List.of(file("a", "a.localhost", 1), file("b", "b.localhost", 1)));

    CatalogState after =
        CatalogReload.next(
            before, List.of(file("a", "a.localhost", 1), file("b", "a.localhost", 2)));

    assertEquals(before.services(), after.services());
    assertTrue(after.refused().get("services/b.yaml").keptPrevious());
  }

  @Test
  void aRouteFreedByAnotherServiceCanBeTakenInTheSameReload() {
    CatalogState before =
        CatalogReload.next(CatalogState.EMPTY, List.of(file("a", "x.localhost", 1)));

    CatalogState after =
        CatalogReload.next(
            before, List.of(file("a", "y.localhost", 2), file("b", "x.localhost", 3)));

    assertEquals(List.of("y.localhost"), after.services().get("a").routes().hosts());
    assertEquals(List.of("x.localhost"), after.services().get("b").routes().hosts());
  }

  @Test
  void aNewClaimOnTheRouteARefusedServiceFallsBackToIsRefused() {
    // a moves x -> y but y is c's; a falls back to x, so b's new claim on x must lose.
    CatalogState before =
        CatalogReload.next(
            CatalogState.EMPTY, List.of(file("a", "x.localhost", 1), file("c", "y.localhost", 1)));

    CatalogState after =
        CatalogReload.next(
            before,
            List.of(
                file("b", "x.localhost", 2),
                file("a", "y.localhost", 3),
                file("c", "y.localhost", 1)));

    assertEquals(before.services(), after.services());
    assertTrue(after.refused().containsKey("services/a.yaml"));
    assertTrue(after.refused().containsKey("services/b.yaml"));
  }

  @Test
  void theSameHostUnderAnotherPathPrefixIsNoConflict() {
    CatalogState state =
        CatalogReload.next(
            CatalogState.EMPTY,
            List.of(file("a", "shop.localhost", 1), fileAt("b", "shop.localhost", "/api", 2)));

    assertEquals(2, state.services().size());
  }

  private ServiceFile file(String name, String host, long modified) {
    return fileAt(name, host, "/", modified);
  }

  private ServiceFile fileAt(String name, String host, String prefix, long modified) {
    String yaml =
        "routes: {hosts: [\""
            + host
            + "\"], path-prefix: \""
            + prefix
            + "\"}\n"
            + "driver: {type: static}\n";
    return serviceFile(name, modified, yaml);
  }

  private ServiceFile bad(String name, long modified) {
    return serviceFile(name, modified, "routes: {}\ndriver: {type: static}\ninstances: 0\n");
  }

  private ServiceFile serviceFile(String name, long modified, String yaml) {
    String file = "services/" + name + ".yaml";
    return new ServiceFile(file, name, FileTime.fromMillis(modified), parser.parse(file, yaml));
  }
}
