package io.cutover.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request body Jackson could not read, as a 400 whose detail names the field or the place in the
 * text, never a Java class or a stack trace.
 */
final class JsonBodyProblems {
  private JsonBodyProblems() {}

  static Problem of(JsonProcessingException e) {
    return Problem.of(400, detail(e));
  }

  static String detail(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field \""
          + field(unknown)
          + "\" in the body: the fields are "
          + known(unknown.getKnownPropertyIds());
    }
    if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      return "field \"" + field(mismatch) + "\" must be " + expected(mismatch.getTargetType());
    }
    if (e instanceof StreamReadException) {
      return "the body is not valid JSON: " + e.getOriginalMessage() + at(e.getLocation());
    }
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return "field \"" + field(mapping) + "\" has a value that cannot be used here";
    }
    return "the body must be a JSON object" + at(e.getLocation());
  }

  /** The dotted path of the field at fault: {@code targets[1]}, {@code version}. */
  private static String field(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String known(Collection<Object> ids) {
    return ids == null || ids.isEmpty()
        ? "none"
        : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static final Map<Class<?>, String> KINDS =
      Map.of(
          String.class, "a string",
          Integer.class, "a whole number",
          int.class, "a whole number",
          Long.class, "a whole number",
          long.class, "a whole number",
          Boolean.class, "true or false",
          boolean.class, "true or false");

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    String kind = KINDS.get(type);
    if (kind != null) {
      return kind;
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    return "a JSON object";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
