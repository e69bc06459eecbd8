package io.cutover.support;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/** Admin API calls in {@code @QuarkusTest}s, with the test profile's bearer token. */
public final class AdminApi {
  private AdminApi() {}

  public static String token() {
    return ConfigProvider.getConfig().getValue("cutover.admin.token", String.class);
  }

  /**
   * {@code given()} with {@code Authorization: Bearer <test token>} and {@code Content-Type:
   * application/json}, which every call that changes something needs (a test may set another).
   */
  public static RequestSpecification given() {
    return RestAssured.given()
        .header("Authorization", "Bearer " + token())
        .contentType(ContentType.JSON);
  }
}
