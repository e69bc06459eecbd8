package io.cutover.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One mapping of a service file and its key path. Reads typed values and records a problem for each
 * bad one instead of throwing, so a user sees every mistake of a file at once.
 */
final class YamlSection {
  private final String file;
  private final String path;
  private final JsonNode node;
  private final List<ConfigProblem> problems;

  private YamlSection(String file, String path, JsonNode node, List<ConfigProblem> problems) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
  }

  static YamlSection root(String file, JsonNode node, List<ConfigProblem> problems) {
    return new YamlSection(file, "", node, problems);
  }

  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** True when the key is there with a value; {@code key:} with nothing counts as absent. */
  boolean has(String key) {
    JsonNode value = node.get(key);
    return value != null && !value.isNull();
  }

  /** Records a problem for each key not in {@code known}, naming the closest known one. */
  void allowOnly(String... known) {
    List<String> knownKeys = List.of(known);
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!knownKeys.contains(name)) {
        String hint =
            ClosestKey.to(name, knownKeys)
                .map(k -> "unknown key: did you mean `" + k + "`?")
                .orElse("unknown key: known keys here are " + String.join(", ", knownKeys));
        problems.add(new ConfigProblem(file, keyPath(name), null, hint));
      }
    }
  }

  /** The nested mapping, or an empty section when absent or not a mapping (then a problem). */
  YamlSection section(String key) {
    if (!has(key)) {
      return new YamlSection(file, keyPath(key), MissingNode.getInstance(), problems);
    }
    JsonNode value = node.get(key);
    if (!value.isObject()) {
      problem(key, value, "must be a mapping of keys, not a single value or a list");
      return new YamlSection(file, keyPath(key), MissingNode.getInstance(), problems);
    }
    return new YamlSection(file, keyPath(key), value, problems);
  }

  /** The list of mappings under the key, or empty when absent or malformed. */
  Optional<List<YamlSection>> sections(String key, String example) {
    if (!has(key)) {
      return Optional.empty();
    }
    JsonNode value = node.get(key);
    if (!value.isArray()) {
      problem(key, value, "must be a list, e.g. " + example);
      return Optional.of(List.of());
    }
    List<YamlSection> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String itemPath = keyPath(key) + "[" + i + "]";
      if (value.get(i).isObject()) {
        items.add(new YamlSection(file, itemPath, value.get(i), problems));
      } else {
        problems.add(
            new ConfigProblem(
                file, itemPath, render(value.get(i)), "must be a mapping: " + example));
      }
    }
    return Optional.of(items);
  }

  String text(String key, String fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isTextual()) {
      problem(key, value, "must be a string");
      return fallback;
    }
    return value.asText();
  }

  /** A scalar (string or number) as text; null when absent, a problem when not a scalar. */
  String scalar(String key) {
    return scalar(key, "a single value");
  }

  /** A scalar taken as text ({@code 10MB} and {@code 1048576} alike), or null when absent. */
  String scalar(String key, String expected) {
    if (!has(key)) {
      return null;
    }
    JsonNode value = node.get(key);
    if (!value.isValueNode()) {
      problem(key, value, "must be " + expected);
      return null;
    }
    return value.asText();
  }

  /** One of {@code allowed}; an unknown word gets the closest allowed one suggested. */
  String oneOf(String key, String fallback, Collection<String> allowed, String what) {
    String sorted = String.join(", ", new TreeSet<>(allowed));
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isTextual()) {
      problem(key, value, "must be one of: " + sorted);
      return fallback;
    }
    if (!allowed.contains(value.asText())) {
      String hint =
          ClosestKey.to(value.asText(), allowed)
              .map(k -> " (did you mean `" + k + "`?)")
              .orElse("");
      problem(key, value, "unknown " + what + hint + "; use one of: " + sorted);
      return fallback;
    }
    return value.asText();
  }

  int integer(String key, int fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problem(key, value, "must be a whole number");
      return fallback;
    }
    return value.intValue();
  }

  double decimal(String key, double fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isNumber()) {
      problem(key, value, "must be a number");
      return fallback;
    }
    return value.doubleValue();
  }

  /** A duration; {@code positive} refuses zero where zero would make no sense. */
  Duration duration(String key, Duration fallback, boolean positive) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (value.isNumber() && value.asDouble() != 0) {
      problem(key, value, "durations need a unit, e.g. " + value.asText() + "s or 500ms");
      return fallback;
    }
    if (!value.isValueNode()) {
      problem(key, value, "must be a duration such as 500ms, 2s or 5m");
      return fallback;
    }
    try {
      Duration parsed = Durations.parse(value.asText());
      if (positive && parsed.isZero()) {
        problem(key, value, "must be above zero");
        return fallback;
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      problem(key, value, e.getMessage());
      return fallback;
    }
  }

  /** {@code true} or {@code false}. */
  boolean bool(String key, boolean fallback) {
    if (!has(key)) {
      return fallback;
    }
    JsonNode value = node.get(key);
    if (!value.isBoolean()) {
      problem(key, value, "must be true or false");
      return fallback;
    }
    return value.booleanValue();
  }

  boolean isMapping(String key) {
    return has(key) && node.get(key).isObject();
  }

  boolean isEmptyList(String key) {
    return has(key) && node.get(key).isArray() && node.get(key).isEmpty();
  }

  /** A list of scalars, each taken as text (so {@code [sleep, 5]} works). */
  Optional<List<String>> strings(String key) {
    if (!has(key)) {
      return Optional.empty();
    }
    JsonNode value = node.get(key);
    if (!value.isArray()) {
      problem(key, value, "must be a list of strings, e.g. [\"a\", \"b\"]");
      return Optional.of(List.of());
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      if (!item.isValueNode() || item.isNull()) {
        problems.add(
            new ConfigProblem(
                file, keyPath(key) + "[" + i + "]", render(item), "must be a string"));
      } else {
        items.add(item.asText());
      }
    }
    return Optional.of(items);
  }

  /** A mapping of names to scalar values, each taken as text. */
  Map<String, String> stringMap(String key) {
    Map<String, String> entries = new LinkedHashMap<>();
    if (!has(key)) {
      return entries;
    }
    JsonNode value = node.get(key);
    if (!value.isObject()) {
      problem(key, value, "must be a mapping of names to values, e.g. {LOG_LEVEL: info}");
      return entries;
    }
    value
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                entries.put(e.getKey(), e.getValue().asText());
              } else {
                problems.add(
                    new ConfigProblem(
                        file,
                        keyPath(key) + "." + e.getKey(),
                        render(e.getValue()),
                        "must be a string"));
              }
            });
    return entries;
  }

  /** Records a problem unless {@code ok}. */
  void check(boolean ok, String key, Object value, String reason) {
    if (!ok) {
      problems.add(new ConfigProblem(file, keyPath(key), String.valueOf(value), reason));
    }
  }

  void missing(String key, String reason) {
    problems.add(new ConfigProblem(file, keyPath(key), null, "missing: " + reason));
  }

  private void problem(String key, JsonNode value, String reason) {
    problems.add(new ConfigProblem(file, keyPath(key), render(value), reason));
  }

  private static String render(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
