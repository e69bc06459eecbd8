package io.cutover.instance.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.support.ExitReports;
import io.cutover.support.ServiceFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real instance process finds in its environment: /proc/PID/environ, as the app sees it. */
class ProcessEnvironmentTest {
  private static final Duration START = Duration.ofSeconds(60);
  private static final String TOKEN = "admin-token-0123456789abcdef0123456789";
  private static final String PASSWORD = "database-password-s3cret";

  @TempDir Path dataDir;
  private ProcessDriver driver;
  private final ExitReports exits = new ExitReports();

  @AfterEach
  void stopDriver() {
    if (driver != null) {
      driver.shutdown();
    }
  }

  @Test
  void anInstanceSeesNeitherTheAdminTokenNorTheDatabasePasswordTheGatewayHas() {
    Map<String, String> gateway = new HashMap<>();
    gateway.put("PATH", System.getenv("PATH"));
    gateway.put("HOME", "/home/gateway");
    gateway.put("LANG", "C.UTF-8");
    gateway.put("LC_TIME", "en_GB.UTF-8");
    gateway.put("CUTOVER_ADMIN_TOKEN", TOKEN);
    gateway.put("QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
    gateway.put("QUARKUS_DATASOURCE_USERNAME", "cutover");
    gateway.put("AWS_SECRET_ACCESS_KEY", "aws-secret");
    gateway.put("JAVA_TOOL_OPTIONS", "-Dgateway.only=true");
    driver = new ProcessDriver(dataDir, gateway, LogLimit.DEFAULT);

    Map<String, String> env =
        environOf(
            driver
                .start(
                    ServiceFixture.process("app", "sleep", "300")
                        .env("GREETING", "hello-${VERSION}")
                        .spec("v1", 0),
                    exits)
                .await()
                .atMost(START));

    assertEquals(
        Set.of("PATH", "HOME", "LANG", "LC_TIME", "GREETING", "PORT", "VERSION", "INSTANCE"),
        env.keySet(),
        env.toString());
    assertEquals("hello-v1", env.get("GREETING"));
    assertEquals("/home/gateway", env.get("HOME"));
    assertFalse(env.values().stream().anyMatch(v -> v.contains(TOKEN) || v.contains(PASSWORD)));
  }

  @Test
  void aGatewayStartedWithTheTokenAndThePasswordPassesNeitherToItsInstance() {
    // A gateway of its own (a child JVM), with its secrets in its real environment.
    Map<String, String> secrets =
        Map.of("CUTOVER_ADMIN_TOKEN", TOKEN, "QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
    try (DriverChild gateway =
        DriverChild.start(dataDir, secrets, "run", dataDir.toString(), "sleep", "300")) {
      long instancePid = gateway.awaitInstancePid();

      Map<String, String> gatewayEnv = environ(gateway.process().pid());
      Map<String, String> env = environ(instancePid);
      assertEquals(TOKEN, gatewayEnv.get("CUTOVER_ADMIN_TOKEN"));
      assertEquals(PASSWORD, gatewayEnv.get("QUARKUS_DATASOURCE_PASSWORD"));
      assertFalse(env.containsKey("CUTOVER_ADMIN_TOKEN"), env.toString());
      assertFalse(env.containsKey("QUARKUS_DATASOURCE_PASSWORD"), env.toString());
      assertFalse(env.values().stream().anyMatch(v -> v.contains(TOKEN) || v.contains(PASSWORD)));
    } finally {
      // The child JVM was killed: the next driver on its data dir stops the instance it left.
      driver = new ProcessDriver(dataDir);
      driver.awaitSwept();
    }
  }

  @Test
  void noneOfTheGatewaysOwnCutoverOrQuarkusVariablesReachAnInstance() {
    // The JVM's real environment: the test gateway runs with QUARKUS_DATASOURCE_* exported.
    driver = new ProcessDriver(dataDir);

    Map<String, String> env =
        environOf(
            driver
                .start(ServiceFixture.process("app", "sleep", "300").spec("v1", 0), exits)
                .await()
                .atMost(START));

    for (String name : env.keySet()) {
      assertTrue(
          InstanceEnvironment.inherited(name)
              || Set.of("PORT", "VERSION", "INSTANCE").contains(name),
          "the instance got " + name);
    }
    System.getenv()
        .forEach(
            (name, value) -> {
              if (name.startsWith("QUARKUS_") || name.startsWith("CUTOVER_")) {
                assertFalse(env.containsKey(name), name + " reached the instance");
              }
            });
    assertEquals(System.getenv("PATH"), env.get("PATH"));
  }

  @Test
  void driverEnvMayNameAnyVariableButNeverReplacesPortVersionOrInstance() {
    driver = new ProcessDriver(dataDir, Map.of("PATH", System.getenv("PATH")), LogLimit.DEFAULT);

    Instance instance =
        driver
            .start(
                ServiceFixture.process("app", "sleep", "300")
                    .env("QUARKUS_HTTP_PORT", "${PORT}")
                    .env("PORT", "1")
                    .env("VERSION", "forged")
                    .env("INSTANCE", "9")
                    .spec("v2", 3),
                exits)
            .await()
            .atMost(START);
    Map<String, String> env = environOf(instance);

    assertEquals(Integer.toString(instance.port()), env.get("QUARKUS_HTTP_PORT"));
    assertEquals(Integer.toString(instance.port()), env.get("PORT"));
    assertEquals("v2", env.get("VERSION"));
    assertEquals("3", env.get("INSTANCE"));
  }

  private Map<String, String> environOf(Instance instance) {
    long pid = driver.process(instance).orElseThrow().pid();
    return environ(pid);
  }

  /** A process's environment as the kernel holds it. */
  static Map<String, String> environ(long pid) {
    String all;
    try {
      all =
          Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new TreeMap<>();
    for (String entry : all.split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }
}
