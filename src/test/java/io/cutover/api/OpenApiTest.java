package io.cutover.api;

import static org.hamcrest.Matchers.notNullValue;

import io.cutover.support.AdminApi;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

  @Test
  void theOpenApiDocumentDescribesTheAdminApi() {
    AdminApi.given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .body("paths.'/api/v1/services/{service}/deploys'.post.summary", notNullValue())
        .body("paths.'/api/v1/services/{service}/deploys'.post.responses.'202'", notNullValue())
        .body("paths.'/api/v1/services/{service}/deploys'.post.responses.'415'", notNullValue())
        .body("paths.'/api/v1/services'.get", notNullValue())
        .body("paths.'/api/v1/services/{service}'.get", notNullValue())
        .body("paths.'/api/v1/services/{service}/releases'.get", notNullValue())
        .body("paths.'/api/v1/releases'.get", notNullValue())
        .body("paths.'/api/v1/releases/{id}'.get", notNullValue())
        .body("paths.'/api/v1/releases/{id}/events'.get", notNullValue())
        .body("paths.'/api/v1/releases/{id}/promote'.post", notNullValue())
        .body("paths.'/api/v1/releases/{id}/abort'.post", notNullValue())
        .body("paths.'/api/v1/releases/{id}/pause'.post", notNullValue())
        .body("paths.'/api/v1/releases/{id}/resume'.post", notNullValue())
        .body("paths.'/api/v1/services/reload'.post", notNullValue())
        .body("paths.'/api/v1/services/{service}/traffic'.get.summary", notNullValue())
        .body("paths.'/api/v1/session'.post.responses.'401'", notNullValue())
        .body("paths.'/api/v1/session'.get", notNullValue())
        .body("paths.'/api/v1/session'.delete", notNullValue())
        .body("components.schemas.LoginBody.properties.token", notNullValue())
        .body("components.schemas.DeployBody.properties.version", notNullValue());
  }
}
