package io.cutover.deploytests;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The tests of one class share one packaged gateway and its service, started with {@code v1} live;
 * each test starts from a settled live release, whichever test ran before it, so none depends on
 * method order. A gateway per class rather than per test: its start is most of a test's time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneServiceSuite {
  static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);

  Gateway gateway;
  private int nextVersion = 1;

  /** More {@code deploy:} lines of the service's file. */
  String deployYaml() {
    return "";
  }

  /** The {@code driver:} lines of the service's file; null: the demo app as local processes. */
  String driverYaml() {
    return null;
  }

  /** Why this class cannot run here (beyond the database), or null when it can. */
  String cannotRun() {
    return null;
  }

  @BeforeAll
  void startGatewayWithV1Live() {
    if (!Gateway.hasDatabase() || cannotRun() != null) {
      return; // each test is then skipped, with the reason, by assumeDatabase()
    }
    gateway = Gateway.create(deployYaml(), driverYaml());
    gateway.start();
    gateway.awaitLive(gateway.deploy(version(), "bluegreen"), RELEASE_TIMEOUT);
  }

  @BeforeEach
  void needsTheDatabaseAndASettledService() {
    Gateway.assumeDatabase();
    String cannot = cannotRun();
    org.junit.jupiter.api.Assumptions.assumeTrue(cannot == null, cannot);
    gateway.awaitSettled(RELEASE_TIMEOUT);
  }

  @AfterAll
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A version not deployed before in this class. */
  String version() {
    return "v" + nextVersion++;
  }
}
