package io.cutover.instance.staticdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.support.ExitReports;
import io.cutover.support.LoopbackHttp;
import io.cutover.support.LoopbackInstance;
import io.cutover.support.ServiceFixture;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticDriverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final StaticDriver driver = new StaticDriver();
  private final ServiceFixture service = ServiceFixture.statics("legacy");
  private final ExitReports exits = new ExitReports();

  @Test
  void aTargetBecomesAnInstanceAtThatAddress() {
    Instance instance =
        driver.start(service.target("v2", 1, "127.0.0.1:9002"), exits).await().atMost(WAIT);

    assertEquals("127.0.0.1", instance.host());
    assertEquals(9002, instance.port());
    assertEquals("127.0.0.1", instance.backend().address().host());
    assertEquals(9002, instance.backend().address().port());
    assertEquals("v2", instance.version());
    assertEquals(1, instance.index());
    assertTrue(instance.id().matches("legacy-v2-1-[0-9a-f]{6}"), instance.id());
  }

  @Test
  void anInstanceOfARunningServerAnswersOnItsTarget() {
    Vertx vertx = Vertx.vertx();
    try (LoopbackInstance running = LoopbackInstance.start(vertx, "v9")) {
      Instance instance =
          driver
              .start(service.target("v9", 0, "127.0.0.1:" + running.port()), exits)
              .await()
              .atMost(WAIT);

      assertEquals("v9", LoopbackHttp.get(instance.port(), "/").body());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  void anIpv6TargetInBracketsIsAccepted() {
    Instance instance =
        driver.start(service.target("v1", 0, "[::1]:9003"), exits).await().atMost(WAIT);

    assertEquals(9003, instance.port());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.0.0.1:",
        ":9000",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "web:http",
        "::1:9000"
      })
  void aBadTargetIsRejectedWithAMessageNamingIt(String target) {
    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () -> driver.start(service.target("v1", 0, target), exits).await().atMost(WAIT));

    assertEquals(
        "static target \""
            + target
            + "\" of service legacy is not host:port with a port from 1 to 65535, e.g."
            + " 127.0.0.1:9002",
        error.getMessage());
    assertEquals("legacy", error.service());
  }

  @Test
  void aDeployWithoutATargetIsToldToNameTargets() {
    InstanceStartException error =
        assertThrows(
            InstanceStartException.class,
            () -> driver.start(service.target("v1", 0, null), exits).await().atMost(WAIT));

    assertTrue(
        error.getMessage().contains("must name the instances in targets"), error.getMessage());
  }

  @Test
  void stopCompletesAtOnceAndNothingIsReported() {
    Instance instance =
        driver.start(service.target("v1", 0, "127.0.0.1:9002"), exits).await().atMost(WAIT);

    driver.stop(instance, Duration.ofSeconds(10)).await().atMost(Duration.ofSeconds(1));

    assertEquals(InstanceState.STOPPED, instance.state());
    assertTrue(exits.isEmpty());
  }
}
