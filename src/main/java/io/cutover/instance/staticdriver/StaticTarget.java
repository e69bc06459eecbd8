package io.cutover.instance.staticdriver;

import io.cutover.instance.InstanceStartException;

/** A "host:port" named by a deploy for the static driver; "[::1]:9000" for IPv6. */
record StaticTarget(String host, int port) {

  /** Parses a target; the error names the bad value and the expected form. */
  static StaticTarget parse(String service, String target) {
    if (target == null || target.isBlank()) {
      throw new InstanceStartException(
          service,
          "service "
              + service
              + " uses driver static: each deploy must name the instances in targets,"
              + " e.g. \"targets\": [\"127.0.0.1:9002\"]");
    }
    String value = target.trim();
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = colon < 0 ? -1 : port(value.substring(colon + 1));
    boolean bareIpv6 = host.contains(":") && !value.startsWith("[");
    if (host.isEmpty() || bareIpv6 || port < 1 || port > 65535) {
      throw new InstanceStartException(
          service,
          "static target \""
              + target
              + "\" of service "
              + service
              + " is not host:port with a port from 1 to 65535, e.g. 127.0.0.1:9002");
    }
    return new StaticTarget(host, port);
  }

  private static int port(String text) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(text);
  }
}
