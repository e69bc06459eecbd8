package io.cutover.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private final RouteTable table =
      RouteTable.of(
          List.of(
              ServiceRoute.of("web", List.of("web.localhost"), "/"),
              ServiceRoute.of("api", List.of("web.localhost"), "/api"),
              ServiceRoute.of("apiv2", List.of("web.localhost"), "/api/v2/"),
              ServiceRoute.of("fallback", List.of("*"), "/")));

  @Test
  void theLongestMatchingPrefixOfTheHostWins() {
    assertEquals("web", table.lookup("web.localhost", "/").service());
    assertEquals("api", table.lookup("web.localhost", "/api").service());
    assertEquals("api", table.lookup("web.localhost", "/api/v1/users").service());
    assertEquals("apiv2", table.lookup("web.localhost", "/api/v2/users").service());
    assertEquals("apiv2", table.lookup("web.localhost", "/api/v2").service());
  }

  @Test
  void aPrefixMatchesOnlyOnSegmentBoundaries() {
    assertEquals("web", table.lookup("web.localhost", "/apix").service());
  }

  @Test
  void theHostMatchIgnoresPortAndCase() {
    assertEquals("api", table.lookup("WEB.localhost:8080", "/api").service());
    assertEquals("fallback", table.lookup("[::1]:8080", "/").service());
  }

  @Test
  void anUnknownHostFallsBackToTheWildcardHost() {
    assertEquals("fallback", table.lookup("other.example", "/x").service());
    assertEquals("fallback", table.lookup(null, "/x").service());
  }

  @Test
  void withoutAWildcardAnUnknownHostHasNoRoute() {
    RouteTable strict = table.without("fallback");
    assertNull(strict.lookup("other.example", "/"));
  }

  @Test
  void twoServicesClaimingTheSameHostAndPrefixAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> table.with(ServiceRoute.of("clash", List.of("web.localhost"), "/api/")));
    assertTrue(e.getMessage().contains("clash"), e.getMessage());
  }

  @Test
  void replacingAServiceKeepsTheOthers() {
    RouteTable next = table.with(ServiceRoute.of("api", List.of("api.localhost"), "/"));
    assertEquals("api", next.lookup("api.localhost", "/x").service());
    assertEquals("web", next.lookup("web.localhost", "/api").service());
    assertEquals("api", table.lookup("web.localhost", "/api").service(), "old snapshot unchanged");
  }
}
