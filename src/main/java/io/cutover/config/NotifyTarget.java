package io.cutover.config;

import java.net.URI;
import java.util.List;

/**
 * One webhook of a service's {@code notify:} list.
 *
 * @param url where each matching event is POSTed (absolute http or https)
 * @param events the release event types it is sent (default: the events that end a release)
 * @param secretEnv the environment variable holding the HMAC-SHA256 secret; null: unsigned. Only
 *     the name is kept here, so the secret is in no config answer and no stored release config.
 */
public record NotifyTarget(URI url, List<String> events, String secretEnv) {
  public NotifyTarget {
    events = List.copyOf(events);
  }

  public boolean wants(String eventType) {
    return events.contains(eventType);
  }

  /** The URL as answers and events show it: a password in it is never repeated. */
  public String shownUrl() {
    String userInfo = url.getRawUserInfo();
    if (userInfo == null || !userInfo.contains(":")) {
      return url.toString();
    }
    String user = userInfo.substring(0, userInfo.indexOf(':'));
    return url.toString().replace(userInfo + "@", user + ":***@");
  }
}
