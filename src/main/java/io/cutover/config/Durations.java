package io.cutover.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The duration format of service files: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
public final class Durations {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private Durations() {}

  /**
   * Parses one duration; {@code 0} alone means zero.
   *
   * @throws IllegalArgumentException with a reason a user can act on
   */
  public static Duration parse(String text) {
    String value = text.trim();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.startsWith("-")) {
      throw new IllegalArgumentException("durations must not be negative");
    }
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: write a whole number with a unit, e.g. 500ms, 2s, 5m or 1h");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** The shortest exact spelling of a duration in the same format, for messages and answers. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) {
      return "0s";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
