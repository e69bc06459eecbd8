package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ends a request with a problem from a filter on the admin HTTP server, before any REST resource
 * (whose problems go through {@link ProblemMappers}).
 */
@ApplicationScoped
public class ProblemReply {
  private final ObjectMapper json;

  ProblemReply(ObjectMapper json) {
    this.json = json;
  }

  /** Answers {@code problem} at the request's path; headers already put on the response stay. */
  void send(RoutingContext context, Problem problem) {
    String body;
    try {
      body = json.writeValueAsString(problem.at(context.request().path()));
    } catch (JsonProcessingException e) {
      body = "{\"status\":" + problem.status() + "}";
    }
    context
        .response()
        .setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(body);
  }
}
