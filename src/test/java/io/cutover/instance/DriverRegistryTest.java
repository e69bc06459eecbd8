package io.cutover.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cutover.config.DriverType;
import io.cutover.instance.process.ProcessDriver;
import io.cutover.instance.staticdriver.StaticDriver;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverRegistryTest {
  @TempDir Path dataDir;
  private ProcessDriver process;
  private final StaticDriver statics = new StaticDriver();

  @AfterEach
  void stopDriver() {
    if (process != null) {
      process.shutdown();
    }
  }

  @Test
  void aServiceGetsTheDriverOfItsDriverType() {
    process = new ProcessDriver(dataDir);
    DriverRegistry registry = DriverRegistry.of(process, statics);

    assertSame(process, registry.driverFor(ServiceFixture.process("web", "true").config()));
    assertSame(statics, registry.driverFor(ServiceFixture.statics("legacy").config()));
    assertEquals(Set.of("process", "static"), registry.types());
  }

  @Test
  void aDriverThisGatewayLacksIsRefusedWithWhatToChange() {
    process = new ProcessDriver(dataDir);
    DriverRegistry registry = DriverRegistry.of(process, statics);

    DriverUnavailableException error =
        assertThrows(
            DriverUnavailableException.class,
            () -> registry.driverFor(ServiceFixture.ofType("web", DriverType.DOCKER).config()));

    assertEquals(
        "driver docker is not available on this gateway: it runs process and static instances"
            + " only; set driver.type to one of those in services/web.yaml, or run a gateway"
            + " built with the docker driver",
        error.getMessage());
    assertEquals("docker", error.type());
    assertEquals("web", error.service());
    assertThrows(
        DriverUnavailableException.class, () -> registry.driverFor("web", DriverType.KUBERNETES));
  }

  @Test
  void twoDriversForOneTypeAreRefused() {
    assertThrows(IllegalStateException.class, () -> DriverRegistry.of(statics, new StaticDriver()));
  }
}
