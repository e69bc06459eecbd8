package io.cutover.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A table changed one service at a time routes exactly like one built whole from the same services:
 * the incremental swap regroups only the changed service's hosts, and must not get that wrong.
 */
class RouteTableChangeTest {
  private static final List<String> HOSTS = List.of("a.test", "b.test", "c.test", "[::1]", "*");
  private static final List<String> PREFIXES = List.of("/", "/api", "/api/v2", "/static");
  private static final List<String> PATHS =
      List.of("/", "/api", "/api/x", "/api/v2/y", "/static/z", "/other");

  @Test
  void aTableChangedStepByStepRoutesLikeOneBuiltWhole() {
    Random random = new Random(42);
    Map<String, ServiceRoute> services = new HashMap<>();
    RouteTable table = RouteTable.empty();
    for (int step = 0; step < 2_000; step++) {
      String name = "s" + random.nextInt(12);
      if (random.nextInt(4) == 0) {
        table = table.without(name);
        services.remove(name);
      } else {
        ServiceRoute route = randomRoute(random, name);
        RouteTable next;
        try {
          next = table.with(route);
        } catch (IllegalArgumentException claimed) {
          Map<String, ServiceRoute> tried = new HashMap<>(services);
          tried.put(name, route);
          assertThrows(IllegalArgumentException.class, () -> RouteTable.of(tried.values()));
          continue;
        }
        table = next;
        services.put(name, route);
      }
      assertRoutesAlike(RouteTable.of(services.values()), table, services);
    }
  }

  @Test
  void aHostHeaderMatchesWhateverItsPortAndCase() {
    ServiceRoute web = ServiceRoute.of("web", List.of("web.test", "[::1]"), "/");
    RouteTable table = RouteTable.of(List.of(web));
    for (String header : List.of("web.test", "WEB.Test", "web.test:8080", "[::1]", "[::1]:9000")) {
      assertSame(web, table.lookup(header, "/"), header);
    }
    assertEquals(null, table.lookup("web.test.evil", "/"));
    assertEquals(null, table.lookup("eb.test", "/"));
  }

  @Test
  void aSwapOfPoolsKeepsEveryOtherServiceAsItWas() {
    List<ServiceRoute> routes = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      routes.add(ServiceRoute.of("s" + i, List.of("s" + i + ".test"), "/"));
    }
    RouteTable table = RouteTable.of(routes);
    ServiceRoute changed = routes.get(500).withPools(List.of());
    RouteTable next = table.with(changed);
    assertSame(changed, next.lookup("s500.test", "/"));
    assertSame(routes.get(499), next.lookup("s499.test", "/"));
    assertSame(routes.get(500), table.lookup("s500.test", "/"), "the old table is unchanged");
    assertEquals(1_000, next.services().size());
  }

  private static ServiceRoute randomRoute(Random random, String name) {
    List<String> hosts = new ArrayList<>();
    for (String host : HOSTS) {
      if (random.nextInt(3) == 0) {
        hosts.add(host);
      }
    }
    if (hosts.isEmpty()) {
      hosts.add(HOSTS.get(random.nextInt(HOSTS.size())));
    }
    return ServiceRoute.of(name, hosts, PREFIXES.get(random.nextInt(PREFIXES.size())));
  }

  private static void assertRoutesAlike(
      RouteTable whole, RouteTable changed, Map<String, ServiceRoute> services) {
    assertEquals(services.size(), changed.services().size());
    for (String host : List.of("a.test", "B.TEST:80", "c.test", "[::1]:1", "d.test")) {
      for (String path : PATHS) {
        ServiceRoute expected = whole.lookup(host, path);
        ServiceRoute actual = changed.lookup(host, path);
        assertEquals(
            expected == null ? null : expected.service(),
            actual == null ? null : actual.service(),
            host + path);
      }
    }
    for (String name : services.keySet()) {
      assertSame(services.get(name), changed.service(name));
    }
  }
}
