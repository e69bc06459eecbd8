package io.cutover.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The HTTP-01 challenges in progress: token to key authorization, answered by the proxy on the
 * plain port under {@code /.well-known/acme-challenge/<token>} from memory, before routing.
 */
public final class AcmeChallenges {
  public static final String PATH = "/.well-known/acme-challenge/";

  private final Map<String, String> byToken = new ConcurrentHashMap<>();

  public void put(String token, String keyAuthorization) {
    byToken.put(token, keyAuthorization);
  }

  public void remove(String token) {
    byToken.remove(token);
  }

  /** The key authorization for a request path under {@link #PATH}, or null when unknown. */
  public String answer(String path) {
    return byToken.get(path.substring(PATH.length()));
  }
}
