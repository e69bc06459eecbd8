package io.cutover.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.ServiceConfig;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.routing.LiveRouteTable;
import io.cutover.routing.Pool;
import io.cutover.routing.ServiceRoute;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.startup.StartupRecovery;
import io.cutover.support.FastHealth;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ServiceFixture;
import io.cutover.support.TimedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route replication into this gateway from another member, in the real database: the other member
 * is its rows and its NOTIFYs (a member id that is not this one's), as it would write them; its
 * instances are real loopback HTTP servers this gateway health-checks itself.
 */
@QuarkusTest
class RouteReplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Inject io.vertx.mutiny.sqlclient.Pool pool;
  @Inject LiveServices services;
  @Inject LiveRouteTable routes;
  @Inject RouteApplier applier;
  @Inject StartupRecovery recovery;
  @Inject ProxyLifecycle proxy;

  private final String other = "other-" + UUID.randomUUID();
  private final String service = "repl-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<LoopbackInstance> instances = new ArrayList<>();
  private Vertx vertx;
  private ServiceConfig config;

  @BeforeEach
  void anotherMemberAndAStaticService() {
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> recovery.routes() != StartupRecovery.Routes.PENDING);
    vertx = Vertx.vertx();
    pool.preparedQuery(
            "INSERT INTO cluster_members (id, admin_url, traffic_port, pid)"
                + " VALUES ($1, 'http://127.0.0.1:1', 1, 1)")
        .execute(Tuple.of(other))
        .await()
        .atMost(WAIT);
    ServiceConfig fixture = ServiceFixture.statics(service).config();
    config =
        new ServiceConfig(
            fixture.name(),
            fixture.routes(),
            fixture.instances(),
            fixture.driver(),
            FastHealth.config().interval(Duration.ofMillis(100)).build(),
            fixture.drain(),
            fixture.deploy(),
            fixture.limits(),
            fixture.webhooks());
    services.onServiceChanged(null, config);
  }

  @AfterEach
  void forgetThem() throws Exception {
    services.onServiceRemoved(config);
    pool.preparedQuery("DELETE FROM published_routes WHERE service = $1")
        .execute(Tuple.of(service))
        .await()
        .atMost(WAIT);
    pool.preparedQuery("DELETE FROM cluster_members WHERE id = $1")
        .execute(Tuple.of(other))
        .await()
        .atMost(WAIT);
    instances.forEach(LoopbackInstance::close);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void eachNotifiedRevisionIsOneSwapAndAnOlderOneChangesNothing() {
    LoopbackInstance blue = instance("v1");
    LoopbackInstance green = instance("v2");
    List<ServiceRoute> swaps = new ArrayList<>();
    Runnable stopCounting =
        routes.onChange(
            table -> {
              synchronized (swaps) {
                ServiceRoute route = table.service(service);
                if (route != null && (swaps.isEmpty() || swaps.get(swaps.size() - 1) != route)) {
                  swaps.add(route);
                }
              }
            });
    try {
      long first = publish(pools(pool("v1", 100, Pool.Role.STABLE, blue)));
      awaitServed(Set.of(blue.port()));
      long second =
          publish(
              pools(
                  pool("v1", 0, Pool.Role.STABLE, blue), pool("v2", 100, Pool.Role.CANARY, green)),
              4242L,
              "v2");
      awaitServed(Set.of(blue.port(), green.port()));
      assertEquals(second, applier.revision(service));
      assertEquals(List.of(0, 100), weights(routes.current().service(service)));
      LiveService live = services.service(service).orElseThrow();
      assertEquals(4242L, live.liveReleaseId(), "the publisher's live release is this one's");
      assertEquals("v2", live.liveVersion());

      ServiceRoute before = routes.current().service(service);
      int swapsBefore = swaps.size();
      PublishedRoute stale =
          new PublishedRoute(service, first, other, pools(pool("v1", 100, Pool.Role.STABLE, blue)));
      assertFalse(applier.apply(stale), "an older revision is ignored");
      PublishedRoute again =
          new PublishedRoute(
              service, second, other, pools(pool("v1", 100, Pool.Role.STABLE, blue)));
      assertFalse(applier.apply(again), "a revision already applied is ignored");
      assertSame(before, routes.current().service(service));
      assertEquals(swapsBefore, swaps.size(), "no swap for a stale revision");
      // One swap per revision, one per instance turning healthy here: nothing else.
      assertTrue(swaps.size() <= 4, () -> swaps.size() + " swaps: " + swaps);
    } finally {
      stopCounting.run();
    }
  }

  // Both are published healthy (as the publisher saw them): the one failing from here stays out.
  @Test
  void onlyInstancesHealthyFromHereAreRouted() {
    LoopbackInstance up = instance("v1");
    LoopbackInstance down = instance("v1");
    down.health(503);

    publish(pools(pool("v1", 100, Pool.Role.STABLE, up, down)));

    awaitServed(Set.of(up.port()));
    Awaitility.await("the failing instance stays out")
        .during(Duration.ofMillis(600))
        .atMost(Duration.ofSeconds(5))
        .until(() -> servedPorts().equals(Set.of(up.port())));
    down.health(200);
    awaitServed(Set.of(up.port(), down.port()));
    up.health(503);
    awaitServed(Set.of(down.port()));
  }

  // The publisher switched to v2 and retired v1 at once; v2 fails from here for a while.
  @Test
  void theServedVersionStaysUntilTheNewOneIsHealthyFromHere() {
    LoopbackInstance blue = instance("v1");
    LoopbackInstance green = instance("v2");
    publish(pools(pool("v1", 100, Pool.Role.STABLE, blue)));
    awaitServed(Set.of(blue.port()));
    green.health(503);
    List<Set<Integer>> tables = new ArrayList<>();
    Runnable stopWatching =
        routes.onChange(
            table -> {
              synchronized (tables) {
                tables.add(servedPorts());
              }
            });
    try {
      publish(pools(pool("v2", 100, Pool.Role.STABLE, green)));
      Awaitility.await("the old version keeps serving while the new one fails from here")
          .during(Duration.ofMillis(600))
          .atMost(Duration.ofSeconds(5))
          .until(() -> servedPorts().equals(Set.of(blue.port())) && applier.holding(service) == 1);
      green.health(200);
      awaitServed(Set.of(green.port()));
      assertEquals(0, applier.holding(service), "the old version leaves once the new one serves");
      synchronized (tables) {
        assertFalse(tables.isEmpty());
        assertTrue(
            tables.stream().noneMatch(Set::isEmpty),
            () -> "a table left nothing to route to: " + tables);
      }
    } finally {
      stopWatching.run();
    }
  }

  @Test
  void aRowWrittenWhileDisconnectedIsReadBackOnReconnect() {
    LoopbackInstance blue = instance("v1");
    LoopbackInstance green = instance("v2");
    publish(pools(pool("v1", 100, Pool.Role.STABLE, blue)));
    awaitServed(Set.of(blue.port()));

    long dropped =
        pool.query(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    + " AND query ILIKE 'LISTEN%'")
            .execute()
            .await()
            .atMost(WAIT)
            .iterator()
            .next()
            .getLong(0);
    assertTrue(dropped >= 1, "the gateway's LISTEN connection was dropped");
    // No NOTIFY: only reading every row back can bring this one.
    pool.preparedQuery(
            "UPDATE published_routes SET revision = nextval('published_routes_revision'),"
                + " pools = $2::text::jsonb WHERE service = $1")
        .execute(
            Tuple.of(service, PublishedRoute.json(pools(pool("v2", 100, Pool.Role.STABLE, green)))))
        .await()
        .atMost(WAIT);

    awaitServed(Set.of(green.port()));
  }

  /**
   * 1,000 rows published back to back while a never-retrying client loads this member's proxy. Each
   * instance answers its own name, so every response says where it was routed; that instance must
   * be in a table this member had in force between the request's start and its end.
   */
  @Test
  void aThousandChangesRouteNoRequestOutsideTheTablesThisMemberHeld() throws Exception {
    List<LoopbackInstance> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      members.add(instance("i" + i));
    }
    // Each route of the service, when first seen. A listener runs after its swap, never before,
    // and the service's swaps are serialized with their listeners (LiveService's lock): so a
    // route first seen at t(k) was in force somewhere between t(k-1) and t(k+1), no wider.
    List<TimedTable> tables = new ArrayList<>();
    Set<ServiceRoute> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Runnable stopWatching =
        routes.onChange(
            table -> {
              ServiceRoute route = table.service(service);
              synchronized (tables) {
                if (route != null && seen.add(route)) {
                  tables.add(new TimedTable(System.nanoTime(), versions(route)));
                }
              }
            });
    publish(pools(pool("i0", 100, Pool.Role.STABLE, members.get(0))));
    Awaitility.await().atMost(WAIT).until(() -> servedVersions().equals(Set.of("i0")));
    Random random = new Random(17);
    List<Set<String>> published = new ArrayList<>();
    TimedClient client = new TimedClient(vertx, proxy.port(), service + ".localhost", 4);
    try {
      for (int change = 0; change < 1_000; change++) {
        List<PublishedRoute.Pools> next = new ArrayList<>();
        Set<String> names = new java.util.TreeSet<>();
        for (LoopbackInstance member : members) {
          if (random.nextInt(3) == 0) {
            next.add(pool(member.version(), 1 + random.nextInt(100), Pool.Role.STABLE, member));
            names.add(member.version());
          }
        }
        if (next.isEmpty()) {
          LoopbackInstance member = members.get(random.nextInt(members.size()));
          next.add(pool(member.version(), 100, Pool.Role.STABLE, member));
          names.add(member.version());
        }
        publish(next);
        published.add(names);
        long target = change + 1;
        Awaitility.await() // traffic between changes
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .atMost(WAIT)
            .until(() -> client.completed() >= target);
      }
      Set<String> last = published.get(published.size() - 1);
      Awaitility.await("the last change applied")
          .atMost(WAIT)
          .until(() -> servedVersions().equals(last));
    } finally {
      client.stop();
      stopWatching.run();
    }

    assertTrue(client.completed() >= 1_000, client::toString);
    assertEquals(0, client.failed(), client::toString);
    List<TimedTable> history;
    synchronized (tables) {
      history = List.copyOf(tables);
    }
    List<String> outside = new ArrayList<>();
    int n = history.size();
    for (TimedClient.Exchange exchange : client.exchanges()) {
      Set<String> allowed = new java.util.HashSet<>();
      for (int k = 0; k < n; k++) {
        long from = k == 0 ? Long.MIN_VALUE : history.get(k - 1).at();
        long to = k == n - 1 ? Long.MAX_VALUE : history.get(k + 1).at();
        if (from < exchange.end() && to > exchange.start()) {
          allowed.addAll(history.get(k).versions()); // possibly in force while the request ran
        }
      }
      if (!allowed.contains(exchange.body())) {
        outside.add(exchange + " allowed " + allowed);
      }
    }
    System.out.printf(
        "scenario=route-changes changes=1000 tables=%d requests=%d failed=%d outside=%d%n",
        history.size(), client.completed(), client.failed(), outside.size());
    assertTrue(
        outside.isEmpty(),
        () -> outside.size() + " routed outside: " + outside.stream().limit(5).toList());
  }

  private record TimedTable(long at, Set<String> versions) {}

  private Set<String> servedVersions() {
    ServiceRoute route = routes.current().service(service);
    return route == null ? Set.of() : versions(route);
  }

  /** The versions of the route's pools that have an instance to route to. */
  private static Set<String> versions(ServiceRoute route) {
    return route.pools().stream()
        .filter(p -> !p.backends().isEmpty())
        .map(Pool::version)
        .collect(Collectors.toSet());
  }

  private LoopbackInstance instance(String version) {
    LoopbackInstance instance = LoopbackInstance.start(vertx, version);
    instances.add(instance);
    return instance;
  }

  private static PublishedRoute.Pools pool(
      String version, int weight, Pool.Role role, LoopbackInstance... members) {
    List<PublishedRoute.Address> addresses = new ArrayList<>();
    for (LoopbackInstance member : members) {
      addresses.add(
          new PublishedRoute.Address(
              "there-" + member.port(), addresses.size(), "127.0.0.1", member.port(), true));
    }
    return new PublishedRoute.Pools(version, weight, role, addresses);
  }

  private static List<PublishedRoute.Pools> pools(PublishedRoute.Pools... pools) {
    return List.of(pools);
  }

  /** What the other member's publisher does: the row and its NOTIFY in one statement. */
  private long publish(List<PublishedRoute.Pools> pools) {
    return publish(pools, null, null);
  }

  private long publish(List<PublishedRoute.Pools> pools, Long liveReleaseId, String liveVersion) {
    return pool.preparedQuery(RoutePublisher.UPSERT)
        .execute(Tuple.of(service, other, PublishedRoute.json(pools), liveReleaseId, liveVersion))
        .await()
        .atMost(WAIT)
        .iterator()
        .next()
        .getLong(0);
  }

  private void awaitServed(Set<Integer> ports) {
    Awaitility.await("served by " + ports)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> servedPorts().equals(ports));
  }

  private Set<Integer> servedPorts() {
    ServiceRoute route = routes.current().service(service);
    if (route == null) {
      return Set.of();
    }
    return route.pools().stream()
        .flatMap(p -> p.backends().stream())
        .map(b -> b.address().port())
        .collect(Collectors.toSet());
  }

  private static List<Integer> weights(ServiceRoute route) {
    return route.pools().stream().map(Pool::weight).toList();
  }
}
