package io.cutover.instance;

import io.cutover.config.DriverType;
import io.cutover.config.ServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the driver for a service's {@code driver.type}, so the executor never knows which one runs.
 * Drivers are CDI beans: a gateway built with a docker driver simply has one more bean.
 */
@ApplicationScoped
public class DriverRegistry {
  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(DriverRegistry.class);
  private final Map<String, InstanceDriver> byType;

  @Inject
  DriverRegistry(@Any jakarta.enterprise.inject.Instance<InstanceDriver> drivers) {
    this(drivers.stream().toList());
  }

  private DriverRegistry(Iterable<InstanceDriver> drivers) {
    Map<String, InstanceDriver> map = new TreeMap<>();
    for (InstanceDriver driver : drivers) {
      InstanceDriver other = map.put(driver.type(), driver);
      if (other != null) {
        throw new IllegalStateException(
            "two drivers serve driver.type " + driver.type() + ": " + other + " and " + driver);
      }
    }
    this.byType = Collections.unmodifiableMap(map);
  }

  /** A registry of exactly these drivers: for tests and embedding. */
  public static DriverRegistry of(InstanceDriver... drivers) {
    return new DriverRegistry(java.util.List.of(drivers));
  }

  /** The driver for this service; a clear error when this gateway has none for its type. */
  public InstanceDriver driverFor(ServiceConfig service) {
    return driverFor(service.name(), service.driver().type());
  }

  public InstanceDriver driverFor(String service, DriverType type) {
    InstanceDriver driver = byType.get(type.key());
    if (driver == null) {
      throw new DriverUnavailableException(
          service,
          type.key(),
          "driver "
              + type.key()
              + " is not available on this gateway: it runs "
              + String.join(" and ", byType.keySet())
              + " instances only; set driver.type to one of those in services/"
              + service
              + ".yaml, or run a gateway built with the "
              + type.key()
              + " driver");
    }
    return driver;
  }

  /**
   * Tells every driver the start-up restore is over ({@link InstanceDriver#restoreEnded}); a driver
   * that fails is logged, never failing the restore.
   */
  public Uni<Void> restoreEnded(Map<String, Long> liveReleases) {
    List<Uni<Void>> all =
        byType.values().stream()
            .map(
                driver ->
                    driver
                        .restoreEnded(liveReleases)
                        .onFailure()
                        .invoke(
                            e ->
                                LOG.warnf(
                                    "instances of ended releases not swept driver=%s reason=%s",
                                    driver.type(), e.getMessage()))
                        .onFailure()
                        .recoverWithNull())
            .toList();
    return all.isEmpty()
        ? Uni.createFrom().voidItem()
        : Uni.join().all(all).andCollectFailures().replaceWithVoid();
  }

  /** The driver types this gateway can run. */
  public Set<String> types() {
    return byType.keySet();
  }
}
