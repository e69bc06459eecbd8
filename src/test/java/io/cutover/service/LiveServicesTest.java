package io.cutover.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.config.ServiceConfig;
import io.cutover.instance.Instance;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class LiveServicesTest extends LiveServicesOnAProxy {

  @Test
  void anInstanceThatTurnsUnhealthyLeavesTheTableAndComesBackWhenItRecovers() throws Exception {
    services.onServiceChanged(null, config("web", "web.localhost"));
    LoopbackInstance first = harness.instance("v1");
    LoopbackInstance second = harness.instance("v1");
    Instance a = first.instance("web");
    Instance b = second.instance("web");
    StablePool.serve(services, health, "web", List.of(a, b));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> routedBackends("web") == 2);

    LoadClient load = LoadClient.start(harness.vertx, harness.port(), "web.localhost", "/", 8);
    second.health(500);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> routedBackends("web") == 1);
    // Requests sent before the swap may still land; after a few hundred more, none may.
    long mark = load.total();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> load.total() > mark + 200);
    int servedBySecond = second.requests();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> load.total() > mark + 700);
    assertEquals(servedBySecond, second.requests(), "no traffic reaches the unhealthy instance");

    second.health(200);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> routedBackends("web") == 2);
    load.stop();
    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
  }

  @Test
  void aChangedConfigRoutesAtOnceAndDropsNoRequest() throws Exception {
    services.onServiceChanged(null, config("web", "a.localhost"));
    LoopbackInstance instance = harness.instance("v1");
    StablePool.serve(services, health, "web", List.of(instance.instance("web")));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> routedBackends("web") == 1);

    LoadClient load = LoadClient.start(harness.vertx, harness.port(), "a.localhost", "/", 8);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> load.total() > 200);
    services.onServiceChanged(
        config("web", "a.localhost"), config("web", "a.localhost\", \"b.localhost"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> load.total() > 600);
    load.stop();

    assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
    assertEquals("v1", harness.get("b.localhost", "/").body());
  }

  @Test
  void aRemovedServiceStopsBeingRouted() {
    services.onServiceChanged(null, config("web", "web.localhost"));
    services.onServiceRemoved(config("web", "web.localhost"));
    assertEquals(404, harness.get("web.localhost", "/").status());
  }

  private int routedBackends(String service) {
    return harness.routes.current().service(service).pools().stream()
        .mapToInt(p -> p.backends().size())
        .sum();
  }

  private static ServiceConfig config(String name, String hosts) {
    return StablePool.config(name, hosts);
  }
}
