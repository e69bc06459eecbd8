package io.cutover.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads {@code notify:}: the webhooks told about a service's releases. */
final class NotifySection {
  private static final String EXAMPLE =
      "[{url: \"https://hooks.example/deploys\", events: [release.live, release.failed]}]";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private NotifySection() {}

  /**
   * @param env reads an environment variable (null when unset): a named secret must be there
   */
  static List<NotifyTarget> read(YamlSection top, KnownEvents known, Function<String, String> env) {
    List<NotifyTarget> targets = new ArrayList<>();
    for (YamlSection entry : top.sections("notify", EXAMPLE).orElse(List.of())) {
      entry.allowOnly("url", "events", "secret-env");
      URI url = url(entry);
      List<String> events = events(entry, known);
      String secretEnv = secretEnv(entry, env);
      if (url != null) {
        targets.add(new NotifyTarget(url, events, secretEnv));
      }
    }
    return targets;
  }

  private static URI url(YamlSection entry) {
    if (!entry.has("url")) {
      entry.missing("url", "add `url: \"https://hooks.example/deploys\"`");
      return null;
    }
    String text = entry.text("url", null);
    if (text == null) {
      return null;
    }
    try {
      URI url = new URI(text.trim());
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // Falls through to the one message below.
    }
    entry.check(
        false,
        "url",
        text,
        "must be an absolute http or https URL, e.g. https://hooks.example/deploys");
    return null;
  }

  private static List<String> events(YamlSection entry, KnownEvents known) {
    if (!entry.has("events")) {
      return known.releaseEnds();
    }
    List<String> written = entry.strings("events").orElse(List.of());
    entry.check(
        !entry.isEmptyList("events"),
        "events",
        "[]",
        "names no event: list some, e.g. [release.live, release.failed], or remove it for every"
            + " release end");
    List<String> events = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      String type = written.get(i).trim();
      if (known.names().contains(type)) {
        if (!events.contains(type)) {
          events.add(type);
        }
        continue;
      }
      String hint =
          ClosestKey.to(type, known.names()).map(k -> " (did you mean `" + k + "`?)").orElse("");
      entry.check(
          false,
          "events[" + i + "]",
          written.get(i),
          type.startsWith("notification.")
              ? "notification events are never sent on (a failed delivery would notify again);"
                  + " name release events such as release.live"
              : "not a release event"
                  + hint
                  + "; use any of: "
                  + String.join(", ", new java.util.TreeSet<>(known.names())));
    }
    return events;
  }

  private static String secretEnv(YamlSection entry, Function<String, String> env) {
    String name = entry.text("secret-env", null);
    if (name == null) {
      return null;
    }
    if (!ENV_NAME.matcher(name).matches()) {
      entry.check(
          false,
          "secret-env",
          name,
          "must be the name of an environment variable, e.g. DEPLOY_HOOK_SECRET (not the secret"
              + " itself)");
      return null;
    }
    String value = env.apply(name);
    // Refused rather than sent unsigned: a receiver that checks signatures would drop every
    // delivery, one that does not would learn to trust unsigned ones.
    entry.check(
        value != null && !value.isEmpty(),
        "secret-env",
        name,
        "the environment variable "
            + name
            + " is "
            + (value == null ? "not set" : "empty")
            + " in the gateway's environment: set it to the webhook's secret and restart the"
            + " gateway, or remove secret-env to send unsigned notifications");
    return name;
  }
}
