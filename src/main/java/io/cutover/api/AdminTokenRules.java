package io.cutover.api;

import java.util.List;
import java.util.Locale;

/**
 * What a configured admin token must be: anyone who guesses it can deploy, roll back and abort, so
 * a short one, a placeholder left from an example, or one of a few repeated characters is refused
 * at start rather than used.
 */
final class AdminTokenRules {
  static final int MIN_LENGTH = 32;
  private static final int MIN_DISTINCT_CHARACTERS = 8;

  // Lower case; a token that contains one of these was typed by hand or copied from an example.
  private static final List<String> PLACEHOLDERS =
      List.of(
          "change-me",
          "changeme",
          "change_me",
          "changeit",
          "replace-me",
          "replaceme",
          "placeholder",
          "example",
          "secret",
          "password",
          "passwd",
          "token");

  private AdminTokenRules() {}

  /** Why {@code token} is too weak, never quoting it, or null when it will do. */
  static String weakness(String token) {
    if (token.length() < MIN_LENGTH) {
      return "it has " + token.length() + " characters, fewer than " + MIN_LENGTH;
    }
    String lower = token.toLowerCase(Locale.ROOT);
    for (String placeholder : PLACEHOLDERS) {
      if (lower.contains(placeholder)) {
        return "it contains the placeholder \"" + placeholder + "\"";
      }
    }
    long distinct = token.chars().distinct().count();
    if (distinct < MIN_DISTINCT_CHARACTERS) {
      return "it is made of only " + distinct + " different characters";
    }
    return null;
  }
}
