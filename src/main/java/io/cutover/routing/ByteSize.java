package io.cutover.routing;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The size format of limits: {@code 512KB}, {@code 10MB}, {@code 1GB} (powers of 1024, like nginx's
 * {@code client_max_body_size}), {@code 100B} or plain bytes, and {@code unlimited}. Read by
 * service files and the gateway's own settings alike, so both speak the same format.
 */
public final class ByteSize {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,12})\\s*(b|kb|mb|gb)?");

  private ByteSize() {}

  /**
   * Bytes, or {@link RouteLimits#UNLIMITED} for {@code unlimited}.
   *
   * @throws IllegalArgumentException with a reason a user can act on
   */
  public static long parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("unlimited")) {
      return RouteLimits.UNLIMITED;
    }
    Matcher m = FORMAT.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a size: write a whole number with a unit, e.g. 512KB, 10MB or 1GB, or unlimited");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        switch (unit) {
          case "kb" -> 10;
          case "mb" -> 20;
          case "gb" -> 30;
          default -> 0;
        };
    if (amount == 0) {
      throw new IllegalArgumentException("must be above zero (or unlimited)");
    }
    if (amount > (Long.MAX_VALUE >> shift) / 2) {
      throw new IllegalArgumentException("too large: write unlimited for no limit");
    }
    return amount << shift;
  }

  /** The shortest exact spelling, for logs and answers. */
  public static String format(long bytes) {
    if (bytes == RouteLimits.UNLIMITED) {
      return "unlimited";
    }
    if (bytes >= 1 << 30 && bytes % (1 << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return bytes + "B";
  }
}
