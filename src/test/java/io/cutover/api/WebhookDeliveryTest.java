package io.cutover.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Webhooks against a real loopback receiver: signed, retried with back-off after a 500, not retried
 * after a 4xx, never holding the release back, and every try recorded in the release's log. The
 * secret comes from {@code CUTOVER_TEST_HOOK_SECRET}, which surefire sets (pom.xml).
 */
@QuarkusTest
class WebhookDeliveryTest {
  private static final String SECRET_ENV = "CUTOVER_TEST_HOOK_SECRET";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aDeliveryAnswered500IsRetriedWithBackOffSignedTheSameAndBothTriesAreRecorded()
      throws Exception {
    String secret = System.getenv(SECRET_ENV);
    assertTrue(secret != null && !secret.isEmpty(), SECRET_ENV + " is set by surefire (pom.xml)");
    try (WebhookReceiver receiver = new WebhookReceiver(500, 200);
        DeployableService service =
            DeployableService.create("hook", notify(receiver, "secret-env: " + SECRET_ENV))) {
      long id = service.deployLive("v1");
      DeployableService.awaitEvent(id, "notification.delivered");

      List<WebhookReceiver.Delivery> got = receiver.deliveries();
      assertEquals(2, got.size(), "one failed try, one retry");
      WebhookReceiver.Delivery first = got.get(0);
      WebhookReceiver.Delivery retry = got.get(1);
      assertEquals(
          "sha256=" + hmac(secret, first.body()), first.headers().get("x-cutover-signature"));
      assertEquals(
          new String(first.body(), StandardCharsets.UTF_8),
          new String(retry.body(), StandardCharsets.UTF_8));
      assertEquals(
          first.headers().get("x-cutover-delivery"), retry.headers().get("x-cutover-delivery"));
      assertEquals("release.live", first.headers().get("x-cutover-event"));
      assertTrue(first.headers().get("content-type").startsWith("application/json"));
      // cutover.notify.backoff is 300ms in the test profile
      assertTrue(
          Duration.ofNanos(retry.atNanos() - first.atNanos()).toMillis() >= 300,
          "the retry waited out the back-off");

      JsonNode body = JSON.readTree(first.body());
      assertEquals(service.name(), body.path("service").asText());
      assertEquals(id, body.path("release").path("id").asLong());
      assertEquals("v1", body.path("release").path("version").asText());
      assertEquals("live", body.path("release").path("status").asText());
      assertEquals("release.live", body.path("event").path("type").asText());

      List<JsonNode> records = notificationEvents(id);
      assertEquals(2, records.size(), records::toString);
      JsonNode failed = records.get(0);
      assertEquals("notification.failed", failed.path("type").asText());
      assertEquals(500, failed.path("data").path("status").asInt(), failed::toString);
      assertTrue(failed.path("data").path("retry").asBoolean(), failed::toString);
      JsonNode delivered = records.get(1);
      assertEquals("notification.delivered", delivered.path("type").asText());
      assertEquals(200, delivered.path("data").path("status").asInt(), delivered::toString);
      assertEquals(2, delivered.path("data").path("attempt").asInt(), delivered::toString);
    }
  }

  @Test
  void aDeliveryAnswered404IsNotRetried() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(404);
        DeployableService service = DeployableService.create("hook404", notify(receiver, ""))) {
      long id = service.deployLive("v1");
      DeployableService.awaitEvent(id, "notification.failed");
      JsonNode failed = notificationEvents(id).get(0);
      assertEquals(404, failed.path("data").path("status").asInt(), failed::toString);
      assertTrue(!failed.path("data").path("retry").asBoolean(), failed::toString);
      // unsigned without a secret-env
      assertTrue(!receiver.deliveries().get(0).headers().containsKey("x-cutover-signature"));
      assertEquals(1, receiver.deliveries().size());
    }
  }

  @Test
  void aReceiverThatNeverAnswersDoesNotHoldTheReleaseBack() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(0);
        DeployableService service =
            DeployableService.create(
                "hookslow", notify(receiver, "events: [release.started, release.live]"))) {
      long id = service.deploy("v1", service.instance("v1"));
      // release.started was delivered and hangs unanswered while the release goes on to live
      await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.deliveries().isEmpty());
      DeployableService.awaitStatus(id, "live");
      // the try fails only at cutover.notify.timeout (5s in the test profile): live came first
      List<String> types = allEventTypes(id);
      int live = types.indexOf("release.live");
      int firstNotification =
          types.stream()
              .filter(t -> t.startsWith("notification."))
              .findFirst()
              .map(types::indexOf)
              .orElse(types.size());
      assertTrue(live >= 0 && live < firstNotification, types::toString);
      DeployableService.awaitEvent(id, "notification.failed");
      JsonNode timedOut = notificationEvents(id).get(0);
      assertEquals(
          "no answer within 5000 ms",
          timedOut.path("data").path("reason").asText(),
          timedOut::toString);
      assertTrue(timedOut.path("data").path("retry").asBoolean(), timedOut::toString);
      assertEquals(
          "release.started", receiver.deliveries().get(0).headers().get("x-cutover-event"));
    }
  }

  private static String notify(WebhookReceiver receiver, String extra) {
    return "notify:\n  - url: \""
        + receiver.url()
        + "\"\n"
        + (extra.isEmpty() ? "" : "    " + extra + "\n");
  }

  private static List<String> allEventTypes(long id) {
    return AdminApi.given()
        .get("/api/v1/releases/" + id + "/events")
        .then()
        .extract()
        .jsonPath()
        .getList("items.type", String.class);
  }

  private static List<JsonNode> notificationEvents(long id) throws Exception {
    String json =
        AdminApi.given().get("/api/v1/releases/" + id + "/events").then().extract().asString();
    return StreamSupport.stream(JSON.readTree(json).path("items").spliterator(), false)
        .filter(e -> e.path("type").asText().startsWith("notification."))
        .toList();
  }

  private static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }
}
