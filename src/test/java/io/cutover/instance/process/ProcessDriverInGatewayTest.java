package io.cutover.instance.process;

import static io.cutover.support.LoopbackHttp.awaitAnswering;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.config.DriverType;
import io.cutover.instance.DriverRegistry;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.support.DemoAppCommand;
import io.cutover.support.ExitReports;
import io.cutover.support.LoopbackHttp;
import io.cutover.support.ServiceFixture;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drivers as the running gateway wires them: found through CDI, stopped on shutdown. */
@QuarkusTest
class ProcessDriverInGatewayTest {
  private static final Duration START = Duration.ofSeconds(60);

  @Inject DriverRegistry drivers;
  @Inject ProcessDriver processDriver;

  @Test
  void theRegistryFindsEveryDriver() {
    assertEquals(
        List.of("docker", "kubernetes", "process", "static"), List.copyOf(drivers.types()));
    assertEquals("process", drivers.driverFor("web", DriverType.PROCESS).type());
    assertEquals("static", drivers.driverFor("web", DriverType.STATIC).type());
    assertEquals("docker", drivers.driverFor("web", DriverType.DOCKER).type());
    assertEquals("kubernetes", drivers.driverFor("web", DriverType.KUBERNETES).type());
  }

  @Test
  void logsGoUnderTheConfiguredDataDir() {
    Instance instance = new Instance("web-v1-0-abcdef", "web", "v1", 0, "127.0.0.1", 1, null);

    assertEquals(
        Path.of("target/test-data/logs/web/web-v1-0-abcdef.log").toAbsolutePath(),
        processDriver.logFile(instance));
  }

  @Test
  void theProcessDriverStopsEveryProcessItStartedWhenTheGatewayShutsDown() {
    // The gateway's shutdown reaches the driver through this observer...
    assertTrue(
        Arc.container().beanManager().resolveObserverMethods(new ShutdownEvent()).stream()
            .anyMatch(
                observer ->
                    observer.getBeanClass().equals(ProcessDriver.class)
                        // a gateway stopped during boot must not make a driver only to stop it
                        && observer.getReception() == Reception.IF_EXISTS),
        "ProcessDriver observes ShutdownEvent if it exists");
    InstanceDriver driver = drivers.driverFor("app", DriverType.PROCESS);
    ExitReports exits = new ExitReports();
    Instance instance =
        driver.start(DemoAppCommand.service("app").spec("v1", 0), exits).await().atMost(START);
    awaitAnswering(instance);
    assertEquals("v1", LoopbackHttp.get(instance.port(), "/").body());
    Process process = processDriver.process(instance).orElseThrow();
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(process.toHandle());
    process.descendants().forEach(tree::add);

    // ...which stops everything it runs. Stopping the shared test gateway itself is not an option.
    processDriver.stopAll().join();

    for (ProcessHandle handle : tree) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !handle.isAlive());
    }
    assertFalse(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(exits.isEmpty(), "a shutdown is no crash");
  }

  @Test
  void theStaticDriverIsReachedThroughTheRegistryToo() {
    Instance instance =
        drivers
            .driverFor("legacy", DriverType.STATIC)
            .start(ServiceFixture.statics("legacy").target("v1", 0, "127.0.0.1:9002"), null)
            .await()
            .atMost(START);

    assertEquals(9002, instance.port());
  }
}
