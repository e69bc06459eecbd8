package io.cutover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.AdminApi;
import io.cutover.support.RawExchange;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls that change something need {@code Content-Type: application/json}, so no form a web page
 * posts can start, roll back or abort a release; a body-less call from no page may leave it out.
 */
@QuarkusTest
class JsonContentTypeTest {
  private static final String DEPLOY = "{\"version\":\"v1\",\"targets\":[\"127.0.0.1:9\"]}";

  @TestHTTPResource("/")
  URL root;

  private DeployableService service;

  @BeforeEach
  void createService() {
    service = DeployableService.create("ctype");
  }

  @AfterEach
  void removeService() {
    service.close();
  }

  @Test
  void eachTypeABrowserFormCanSendIs415SayingWhatToSend() {
    for (String type :
        List.of(
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
            "text/plain; charset=utf-8",
            "application/jsonx",
            "application/json-seq",
            "application/x-json")) {
      String answer = raw("POST", deploys(), List.of("Content-Type: " + type), DEPLOY);

      assert415(answer);
      assertTrue(answer.toLowerCase().contains("content-type: " + Problem.MEDIA_TYPE), answer);
      assertTrue(answer.contains("\"instance\":\"" + deploys() + "\""), answer);
    }
    assertNoRelease();
  }

  @Test
  void aBodyWithoutContentTypeIs415() {
    String answer = raw("POST", deploys(), List.of(), DEPLOY);

    assert415(answer);
    assertTrue(answer.contains("sent no Content-Type"), answer);
    assertNoRelease();
  }

  @Test
  void twoContentTypesAre415() {
    String answer =
        raw(
            "POST",
            deploys(),
            List.of("Content-Type: application/json", "Content-Type: text/plain"),
            DEPLOY);

    assert415(answer);
    assertNoRelease();
  }

  @Test
  void jsonInAnyCaseAndWithACharsetIsAccepted() {
    for (String type : List.of("application/json", "APPLICATION/JSON; charset=UTF-8")) {
      AdminApi.given()
          .contentType(type)
          .body("{}")
          .post("/api/v1/services/reload")
          .then()
          .statusCode(200);
    }
  }

  @Test
  void aBodylessCallFromNoPageMayLeaveTheContentTypeOut() {
    String answer = raw("POST", "/api/v1/services/reload", List.of("Content-Length: 0"), null);

    assertEquals("HTTP/1.1 200 OK", RawExchange.statusLine(answer), answer);
  }

  @Test
  void aBodylessCallFromAPageNeedsTheContentTypeToo() {
    assert415(rollbackWith("Origin: https://evil.example", "Content-Length: 0"));
  }

  @Test
  void anEmptyFormFromAPageIs415EvenThoughARollbackNeedsNoBody() {
    assert415(
        rollbackWith(
            "Origin: https://evil.example",
            "Content-Type: application/x-www-form-urlencoded",
            "Content-Length: 0"));
  }

  @Test
  void aBodylessCallFromNoPageMayCarryAnyContentType() {
    String answer =
        raw(
            "POST",
            "/api/v1/services/reload",
            List.of("Content-Type: application/x-www-form-urlencoded", "Content-Length: 0"),
            null);

    assertEquals("HTTP/1.1 200 OK", RawExchange.statusLine(answer), answer);
  }

  @Test
  void everyMutatingMethodIsChecked() {
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      String answer =
          raw(method, "/api/v1/releases/1/abort", List.of("Content-Type: text/plain"), "x");

      assert415(answer);
    }
  }

  @Test
  void readsNeedNoContentType() {
    AdminApi.given().contentType("text/plain").get("/api/v1/services").then().statusCode(200);
  }

  @Test
  void withoutTheTokenAFormPostIs401First() {
    RestAssured.given()
        .contentType("application/x-www-form-urlencoded")
        .body(DEPLOY)
        .post(deploys())
        .then()
        .statusCode(401);
  }

  private String deploys() {
    return "/api/v1/services/" + service.name() + "/deploys";
  }

  private void assertNoRelease() {
    AdminApi.given()
        .get("/api/v1/services/" + service.name() + "/releases")
        .then()
        .statusCode(200)
        .body("items", org.hamcrest.Matchers.empty());
  }

  /** A request with the token and exactly these headers: no client adds a Content-Type. */
  private String raw(String method, String path, List<String> headers, String body) {
    List<String> all =
        new ArrayList<>(List.of("Host: 127.0.0.1", "Authorization: Bearer " + AdminApi.token()));
    all.addAll(headers);
    return RawExchange.send(root.getPort(), RawExchange.request(method, path, all, body));
  }

  private String rollbackWith(String... headers) {
    return raw("POST", "/api/v1/services/" + service.name() + "/rollback", List.of(headers), null);
  }

  private static void assert415(String answer) {
    assertEquals("HTTP/1.1 415 Unsupported Media Type", RawExchange.statusLine(answer), answer);
    assertTrue(answer.contains("send `Content-Type: application/json`"), answer);
  }
}
