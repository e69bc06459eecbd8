package io.cutover.api;

import java.util.regex.Pattern;

/**
 * Which {@code driver.env} values the admin API hides as {@code "***"}: those whose name looks like
 * a secret's, and URLs that carry a password ({@code postgres://user:pw@host/db}) whatever their
 * name. The instances still get the real values; only what the API shows is redacted.
 */
final class SecretEnv {
  static final String REDACTED = "***";

  // Anywhere in the name, any case: DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, AUTH_HEADER.
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(pass|pwd|secret|token|key|credential|auth|private|session|cookie|salt|signing)"
              + ".*");

  // scheme://user:password@ ... : the userinfo holds a password.
  private static final Pattern URL_WITH_PASSWORD =
      Pattern.compile("(?is)[a-z][a-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@.*");

  private SecretEnv() {}

  static boolean hidden(String name, String value) {
    return SECRET_NAME.matcher(name).matches()
        || (value != null && URL_WITH_PASSWORD.matcher(value).matches());
  }
}
