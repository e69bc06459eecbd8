package io.cutover.instance.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cutover.config.ParseResult;
import io.cutover.config.ServiceConfig;
import io.cutover.config.ServiceConfigParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The manifests of {@code k8s/} as {@code kubectl apply -k k8s/} would send them: rendered by
 * {@code kubectl kustomize} where kubectl is installed (it is here and in CI), else read from the
 * files the kustomization lists. Checks what running Cutover there needs.
 */
class ManifestsTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static List<JsonNode> docs;
  private static String kubectlMissing;

  @BeforeAll
  static void render() throws Exception {
    String text = kustomize();
    docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(text)) {
      YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(
              d -> {
                if (d != null && d.has("kind")) {
                  docs.add(d);
                }
              });
    }
  }

  @Test
  void kubectlKustomizeRendersEveryListedFile() {
    assumeTrue(kubectlMissing == null, kubectlMissing);
    // rbac.yaml: 3, cutover.yaml: 4, pdb.yaml: 1
    assertEquals(8, docs.size(), docs.toString());
  }

  @Test
  void theGatewayRunsAsTwoReplicasUnderItsOwnAccountWithABudget() {
    JsonNode deployment = one("Deployment", "cutover");
    assertEquals(2, deployment.at("/spec/replicas").asInt());
    assertEquals("cutover", pod().at("/serviceAccountName").asText());
    assertEquals(1, one("PodDisruptionBudget", "cutover").at("/spec/minAvailable").asInt());
    assertEquals("cutover", one("Service", "cutover").at("/spec/selector/app").asText());
  }

  @Test
  void eachMemberTellsTheOthersItsOwnAdminAddress() {
    JsonNode env = pod().at("/containers/0/env");
    Set<String> lines = new TreeSet<>();
    for (JsonNode e : env) {
      lines.add(
          e.at("/name").asText()
              + "="
              + e.at("/value").asText()
              + e.at("/valueFrom/fieldRef/fieldPath").asText());
    }
    assertTrue(lines.contains("POD_IP=status.podIP"), lines.toString());
    assertTrue(lines.contains("CUTOVER_CLUSTER_ADMIN_URL=http://$(POD_IP):8090"), lines.toString());
  }

  @Test
  void theRoleGrantsOnlyWhatTheDriverUsesInItsNamespace() {
    JsonNode role = one("Role", "cutover-driver");
    Set<String> grants = new TreeSet<>();
    for (JsonNode rule : role.at("/rules")) {
      assertEquals("", rule.at("/apiGroups/0").asText(), "core API group only");
      for (JsonNode resource : rule.at("/resources")) {
        for (JsonNode verb : rule.at("/verbs")) {
          grants.add(resource.asText() + ":" + verb.asText());
        }
      }
    }
    assertEquals(
        new TreeSet<>(
            List.of(
                "pods:get",
                "pods:list",
                "pods:watch",
                "pods:create",
                "pods:delete",
                "pods/log:get",
                "events:list")),
        grants);
    assertTrue(docs.stream().noneMatch(d -> d.at("/kind").asText().startsWith("Cluster")));
    JsonNode binding = one("RoleBinding", "cutover-driver");
    assertEquals("cutover", binding.at("/subjects/0/name").asText());
    assertEquals("cutover-driver", binding.at("/roleRef/name").asText());
  }

  @Test
  void probesReadTheGatewaysHealthOnTheAdminPort() {
    JsonNode container = pod().at("/containers/0");
    assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText());
    assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText());
    assertEquals("admin", container.at("/readinessProbe/httpGet/port").asText());
    assertTrue(container.at("/resources/requests/cpu").isTextual());
    assertTrue(container.at("/resources/requests/memory").isTextual());
  }

  @Test
  void theGatewayRunsAsNonRootWithoutPrivilegeEscalation() {
    assertTrue(pod().at("/securityContext/runAsNonRoot").asBoolean());
    assertTrue(pod().at("/securityContext/runAsUser").asInt() > 0);
    JsonNode container = pod().at("/containers/0/securityContext");
    assertEquals(false, container.at("/allowPrivilegeEscalation").asBoolean(true));
    assertEquals("ALL", container.at("/capabilities/drop/0").asText());
  }

  @Test
  void theTokenAndTheDatabaseComeFromASecret() {
    JsonNode container = pod().at("/containers/0");
    assertEquals("cutover", container.at("/envFrom/0/secretRef/name").asText());
    for (JsonNode env : container.at("/env")) {
      assertTrue(
          !env.at("/name").asText().contains("TOKEN")
              && !env.at("/name").asText().contains("DATASOURCE"),
          "no secret written in the manifest: " + env);
    }
  }

  @Test
  void theGracePeriodOutlastsEveryShippedServicesDrain() {
    long grace = pod().at("/terminationGracePeriodSeconds").asLong();
    JsonNode services = one("ConfigMap", "cutover-services").at("/data");
    assertTrue(services.size() > 0);
    services
        .fields()
        .forEachRemaining(
            file -> {
              ParseResult parsed =
                  new ServiceConfigParser()
                      .parse("services/" + file.getKey(), file.getValue().asText());
              ServiceConfig config =
                  assertInstanceOf(ParseResult.Accepted.class, parsed, parsed.toString()).config();
              Duration drain = config.drain().timeout().plus(config.drain().stopTimeout());
              assertTrue(
                  grace > drain.toSeconds(),
                  "terminationGracePeriodSeconds "
                      + grace
                      + " <= drain of "
                      + file.getKey()
                      + " "
                      + drain);
            });
  }

  private static JsonNode pod() {
    return one("Deployment", "cutover").at("/spec/template/spec");
  }

  private static JsonNode one(String kind, String name) {
    List<JsonNode> found =
        docs.stream()
            .filter(d -> d.at("/kind").asText().equals(kind))
            .filter(d -> d.at("/metadata/name").asText().equals(name))
            .toList();
    assertEquals(1, found.size(), kind + " " + name + " in " + docs.size() + " documents");
    return found.get(0);
  }

  /** {@code kubectl kustomize k8s/}, or the listed files joined when kubectl is not there. */
  private static String kustomize() throws IOException, InterruptedException {
    Path dir = Path.of("k8s");
    try {
      Process kubectl =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize hung");
      assertEquals(0, kubectl.exitValue(), "kubectl kustomize k8s/ failed:\n" + out);
      return out;
    } catch (IOException noKubectl) {
      kubectlMissing =
          "kubectl is not installed (.ci/run installs it): the files are checked unrendered";
      JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
      StringBuilder all = new StringBuilder();
      for (JsonNode file : kustomization.at("/resources")) {
        all.append(Files.readString(dir.resolve(file.asText()))).append("\n---\n");
      }
      return all.toString();
    }
  }
}
