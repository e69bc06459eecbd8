package io.cutover.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Which service claims each host and path-prefix, so two services never claim the same one. */
final class RouteClaims {
  /** Another service already holds this host and prefix. */
  record Conflict(String host, String pathPrefix, String owner) {}

  private final Map<String, String> owners = new HashMap<>();

  Optional<Conflict> conflict(ServiceConfig service) {
    for (String host : service.routes().hosts()) {
      String owner = owners.get(key(host, service.routes().pathPrefix()));
      if (owner != null && !owner.equals(service.name())) {
        return Optional.of(new Conflict(host, service.routes().pathPrefix(), owner));
      }
    }
    return Optional.empty();
  }

  void claim(ServiceConfig service) {
    for (String host : service.routes().hosts()) {
      owners.put(key(host, service.routes().pathPrefix()), service.name());
    }
  }

  // The parser already normalized both, the way the route table compares them.
  private static String key(String host, String pathPrefix) {
    return host + " " + pathPrefix;
  }
}
