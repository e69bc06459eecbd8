package io.cutover.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** Stores the static driver's {@code host:port} targets as a JSON array in a text column. */
@Converter
public class TargetsColumn implements AttributeConverter<List<String>, String> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  @Override
  public String convertToDatabaseColumn(List<String> targets) {
    if (targets == null) {
      return null;
    }
    try {
      return JSON.writeValueAsString(targets);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("targets cannot be written as JSON: " + targets, e);
    }
  }

  @Override
  public List<String> convertToEntityAttribute(String json) {
    if (json == null) {
      return null;
    }
    try {
      return List.copyOf(JSON.readValue(json, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored targets are not a JSON array of strings: " + json, e);
    }
  }
}
