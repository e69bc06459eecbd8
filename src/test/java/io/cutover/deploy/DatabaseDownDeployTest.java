package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cutover.config.TestServicesFolder;
import io.cutover.db.DatabaseUnavailableException;
import io.cutover.health.HealthChecker;
import io.cutover.instance.Instance;
import io.cutover.proxy.ProxyLifecycle;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.support.DatabaseUnreachableProfile;
import io.cutover.support.FastHealth;
import io.cutover.support.LoadClient;
import io.cutover.support.LoopbackInstance;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The release database unreachable: the proxy keeps serving, a deploy is refused as such. */
@QuarkusTest
@TestProfile(DatabaseUnreachableProfile.class)
class DatabaseDownDeployTest {
  @Inject ReleaseExecutor executor;
  @Inject LiveServices services;
  @Inject HealthChecker health;
  @Inject ProxyLifecycle proxy;

  @Test
  void theProxyKeepsServingAndADeployFailsAsDatabaseUnavailable() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestServicesFolder folder = new TestServicesFolder();
    String name = TestServicesFolder.uniqueName("dbdown");
    try (LoopbackInstance server = LoopbackInstance.start(vertx, "v1")) {
      folder.write(name, TestServicesFolder.goodYaml(name, 1));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> services.service(name).isPresent());
      LiveService live = services.service(name).orElseThrow();
      Instance instance = server.instance(name);
      health.watch(instance, FastHealth.config().build(), services);
      live.pools(List.of(new InstancePool("v1", 100, Pool.Role.STABLE, List.of(instance))));
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> instance.state() == io.cutover.instance.InstanceState.HEALTHY);
      LoadClient load = LoadClient.start(vertx, proxy.port(), name + ".localhost", "/", 8);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.ok() >= 500);

      assertThrows(
          DatabaseUnavailableException.class,
          () ->
              executor
                  .deploy(
                      new DeployRequest(
                          name,
                          "v2",
                          null,
                          List.of("127.0.0.1:" + server.port()),
                          io.cutover.release.ReleaseTrigger.API,
                          null))
                  .await()
                  .atMost(Duration.ofSeconds(30)));
      long before = load.total();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> load.total() >= before + 500);
      load.stop();

      assertEquals(0, load.non2xx() + load.connectionErrors(), load.toString());
      assertEquals(
          true, executor.runningRelease(name).isEmpty(), "the refused deploy left nothing running");
    } finally {
      folder.deleteAll();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
