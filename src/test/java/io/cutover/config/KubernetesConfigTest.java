package io.cutover.config;

import static io.cutover.config.ServiceFiles.accepted;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubernetes driver's keys, as SPEC writes them, and their mistakes. */
class KubernetesConfigTest {
  private static final String KUBERNETES =
      """
      routes: {hosts: [web.localhost]}
      driver:
        type: kubernetes
        image: "registry.example/web:${VERSION}"
      """;

  @Test
  void aKubernetesDriverGetsTheSpecDefaults() {
    KubernetesOptions k8s = accepted(KUBERNETES).driver().kubernetes();

    assertEquals(3000, k8s.port());
    assertNull(k8s.namespace(), "the client's namespace decides");
    assertNull(k8s.cpu());
    assertNull(k8s.memory());
  }

  @Test
  void everyKubernetesKeyOfTheSpecIsRead() {
    ServiceConfig config =
        accepted(
            KUBERNETES
                + """
                  port: 8000
                  namespace: web-prod
                  env: {LOG_LEVEL: debug}
                  resources: {cpu: 250m, memory: 256Mi}
                """);

    KubernetesOptions k8s = config.driver().kubernetes();
    assertEquals(new KubernetesOptions(8000, "web-prod", "250m", "256Mi"), k8s);
    assertEquals(Map.of("LOG_LEVEL", "debug"), config.driver().env());
    assertEquals("registry.example/web:${VERSION}", config.driver().image());
  }

  @Test
  void wholeCpusWrittenAsNumbersAreRead() {
    KubernetesOptions k8s =
        accepted(KUBERNETES + "  resources: {cpu: 2, memory: 1Gi}\n").driver().kubernetes();

    assertEquals("2", k8s.cpu());
    assertEquals("1Gi", k8s.memory());
  }

  @Test
  void aKubernetesDriverWithoutAnImageIsRefused() {
    ConfigProblem problem =
        onlyProblem("routes: {hosts: [web.localhost]}\ndriver: {type: kubernetes}\n");

    assertEquals("driver.image", problem.keyPath());
    assertTrue(problem.reason().contains("a kubernetes driver needs an image"), problem.reason());
  }

  @Test
  void aNamespaceThatIsNoDnsLabelIsRefused() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  namespace: Web_Prod\n");

    assertEquals("driver.namespace", problem.keyPath());
    assertTrue(problem.reason().startsWith("not a namespace name"), problem.reason());
  }

  @Test
  void aCpuThatIsNoQuantityIsRefusedWithAnExample() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  resources: {cpu: 250 millicores}\n");

    assertEquals("driver.resources.cpu", problem.keyPath());
    assertTrue(problem.reason().contains("such as 250m"), problem.reason());
  }

  @Test
  void aMemoryInTheWrongUnitIsRefusedWithAnExample() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  resources: {memory: 256MB}\n");

    assertEquals("driver.resources.memory", problem.keyPath());
    assertTrue(problem.reason().contains("such as 256Mi"), problem.reason());
  }

  @Test
  void aZeroMemoryIsRefused() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  resources: {memory: 0Mi}\n");

    assertEquals("driver.resources.memory", problem.keyPath());
  }

  @Test
  void anUnknownResourceIsRefusedWithTheClosestKnown() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  resources: {cpus: 1}\n");

    assertEquals("driver.resources.cpus", problem.keyPath());
    assertTrue(problem.reason().contains("`cpu`"), problem.reason());
  }

  @Test
  void resourcesWrittenAsOneValueAreRefused() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  resources: 256Mi\n");

    assertEquals("driver.resources", problem.keyPath());
  }

  @Test
  void aDockerKeyOnAKubernetesDriverIsRefused() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  pull: always\n");

    assertEquals("driver.pull", problem.keyPath());
    assertTrue(problem.reason().contains("it is for docker drivers"), problem.reason());
  }

  @Test
  void aKubernetesKeyOnADockerDriverIsRefused() {
    ConfigProblem problem =
        onlyProblem(KUBERNETES.replace("kubernetes", "docker") + "  namespace: web\n");

    assertEquals("driver.namespace", problem.keyPath());
    assertTrue(problem.reason().contains("it is for kubernetes drivers"), problem.reason());
  }

  @Test
  void aPortOutsideOneTo65535IsRefused() {
    ConfigProblem problem = onlyProblem(KUBERNETES + "  port: 0\n");

    assertEquals("driver.port", problem.keyPath());
  }
}
