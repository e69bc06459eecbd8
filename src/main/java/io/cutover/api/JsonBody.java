package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a request body as JSON whatever its Content-Type ({@code curl -d} sends a form type), and
 * refuses unknown fields, so a typo ({@code "strategey"}) is a 400 naming it rather than a default
 * silently applied. The shared mapper stays lenient for everything else.
 */
@ApplicationScoped
public class JsonBody {
  private final ObjectMapper mapper;

  JsonBody(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The body as a {@code type}, or null when there is none. */
  public <T> T read(String body, Class<T> type) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return mapper
          .readerFor(type)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .readValue(body);
    } catch (JsonProcessingException e) {
      throw new ProblemException(JsonBodyProblems.of(e));
    }
  }
}
