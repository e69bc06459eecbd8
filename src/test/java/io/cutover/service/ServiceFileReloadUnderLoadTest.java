package io.cutover.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cutover.config.TestServicesFolder;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ProxyHarness;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** An edited service file applies while traffic flows, without one failed request. */
@QuarkusTest
class ServiceFileReloadUnderLoadTest {
  @Inject LiveServices services;
  @Inject HealthChecker health;
  @Inject ProxyLifecycle proxy;

  @Test
  void aChangedFileIsPickedUpUnderLoadWithoutDroppingARequest() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestServicesFolder folder = new TestServicesFolder();
    String name = TestServicesFolder.uniqueName("reload");
    try (LoopbackInstance server = LoopbackInstance.start(vertx, "v1")) {
      folder.write(name, yaml(name, "[\"" + name + ".localhost\"]"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> services.service(name).isPresent());
      Instance instance = server.instance(name);
      StablePool.serve(services, health, name, List.of(instance));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> instance.state() == InstanceState.HEALTHY);

      LoadClient load = LoadClient.start(vertx, proxy.port(), name + ".localhost", "/", 8);
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.ok() >= 300);
      folder.write(name, yaml(name, "[\"" + name + ".localhost\", \"" + name + "-b.localhost\"]"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> services.service(name).orElseThrow().config().routes().hosts().size() == 2);
      long mark = load.total();
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> load.total() >= mark + 300);
      load.stop();

      assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
      ProxyHarness.Reply viaNewHost = get(vertx, name + "-b.localhost");
      assertEquals(200, viaNewHost.status());
      assertEquals("v1", viaNewHost.body());
    } finally {
      folder.deleteAll();
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private ProxyHarness.Reply get(Vertx vertx, String host) throws Exception {
    return vertx
        .createHttpClient()
        .request(io.vertx.core.http.HttpMethod.GET, proxy.port(), "127.0.0.1", "/")
        .compose(req -> req.putHeader("Host", host).send())
        .compose(
            resp ->
                resp.body()
                    .map(
                        b ->
                            new ProxyHarness.Reply(
                                resp.statusCode(), b.toString(), resp.headers())))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
  }

  private static String yaml(String name, String hosts) {
    return "routes: {hosts: "
        + hosts
        + "}\ninstances: 1\ndriver: {type: static}\n"
        + "health: {interval: 50ms, healthy-threshold: 1}\n";
  }
}
