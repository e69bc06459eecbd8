package io.cutover.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a request body as JSON (its Content-Type was checked by {@link JsonContentTypeGuard}), and
 * refuses unknown fields, so a typo ({@code "strategey"}) is a 400 naming it rather than a default
 * silently applied; likewise a field written twice (which one was meant?) and a NUL character,
 * which PostgreSQL text cannot hold. The shared mapper stays lenient for everything else.
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
      JsonNode tree =
          mapper.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(body);
      String withNul = textWithNul(tree, "");
      if (withNul != null) {
        // PostgreSQL text cannot hold it: the call would end in a database error, a 500.
        throw new ProblemException(
            400, "field \"" + withNul + "\" holds a NUL character (\\u0000): remove it");
      }
      return mapper
          .readerFor(type)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new ProblemException(JsonBodyProblems.of(e));
    }
  }

  /** The path of the first text value that holds a NUL character, or null. */
  private static String textWithNul(JsonNode node, String path) {
    if (node.isTextual()) {
      return node.textValue().indexOf('\0') >= 0 ? path : null;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        String found = textWithNul(node.get(i), path + "[" + i + "]");
        if (found != null) {
          return found;
        }
      }
    } else if (node.isObject()) {
      for (var field : node.properties()) {
        String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        String found = textWithNul(field.getValue(), name);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }
}
