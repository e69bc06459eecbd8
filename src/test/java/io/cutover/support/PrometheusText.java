package io.cutover.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests: Maven Central has no
 * small Java parser of it (the Prometheus Java clients only write it). Every line must be a {@code
 * # HELP}, a {@code # TYPE}, another comment, or a sample of a family whose type came first; a
 * malformed line fails the parse with its number.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_created", "_bucket", "_count", "_sum");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final Map<String, String> types;
  private final List<Sample> samples;

  private PrometheusText(Map<String, String> types, List<Sample> samples) {
    this.types = types;
    this.samples = samples;
  }

  public static PrometheusText parse(String text) {
    Map<String, String> types = new HashMap<>();
    List<Sample> samples = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      try {
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("#")) {
          comment(line, types);
          continue;
        }
        samples.add(sample(line, types));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + (n + 1) + " is not Prometheus text: " + line + " (" + e.getMessage() + ")",
            e);
      }
    }
    return new PrometheusText(types, samples);
  }

  /** The family's declared type ({@code counter}, {@code gauge}, {@code histogram}, ...). */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** Samples of this name whose labels include all of {@code labels}. */
  public List<Sample> samples(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  /** The one sample of this name and exactly these labels, if there is one. */
  public Optional<Double> value(String name, Map<String, String> labels) {
    List<Sample> found =
        samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels)).toList();
    if (found.size() > 1) {
      throw new IllegalStateException("two samples " + name + labels);
    }
    return found.stream().findFirst().map(Sample::value);
  }

  /** The sum over samples of this name whose labels include {@code labels}; 0 when none. */
  public double sum(String name, Map<String, String> labels) {
    return samples(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private static void comment(String line, Map<String, String> types) {
    if (line.startsWith("# TYPE ")) {
      String[] parts = line.substring(7).split(" ");
      require(parts.length == 2, "TYPE needs a name and a type");
      require(NAME.matcher(parts[0]).matches(), "bad metric name");
      require(
          List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]),
          "unknown type " + parts[1]);
      require(types.put(parts[0], parts[1]) == null, "second TYPE for " + parts[0]);
    } else if (line.startsWith("# HELP ")) {
      String rest = line.substring(7);
      int space = rest.indexOf(' ');
      String name = space < 0 ? rest : rest.substring(0, space);
      require(NAME.matcher(name).matches(), "bad metric name in HELP");
    }
  }

  private static Sample sample(String line, Map<String, String> types) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(NAME.matcher(name).matches(), "bad metric name '" + name + "'");
    require(familyOf(name, types) != null, "no TYPE for " + name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        require(eq > i, "label without '='");
        String label = line.substring(i, eq);
        require(LABEL.matcher(label).matches(), "bad label name '" + label + "'");
        require(line.charAt(eq + 1) == '"', "label value not quoted");
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            require(next == '\\' || next == '"' || next == 'n', "bad escape \\" + next);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        require(labels.put(label, value.toString()) == null, "label " + label + " twice");
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        } else {
          require(line.charAt(i) == '}', "expected ',' or '}'");
        }
      }
      i++;
    }
    require(i < line.length() && line.charAt(i) == ' ', "no value");
    String[] rest = line.substring(i + 1).split(" ");
    require(rest.length == 1 || rest.length == 2, "value then an optional timestamp");
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name, Map.copyOf(labels), goFloat(rest[0]));
  }

  private static String familyOf(String name, Map<String, String> types) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        String family = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(family)) {
          return family;
        }
      }
    }
    return null;
  }

  private static double goFloat(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalArgumentException(why);
    }
  }
}
