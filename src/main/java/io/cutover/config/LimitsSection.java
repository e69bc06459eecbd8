package io.cutover.config;

import io.cutover.routing.ByteSize;

/** Reads {@code limits:}: a service's own body size and timeouts over the gateway's. */
final class LimitsSection {
  private LimitsSection() {}

  static LimitsConfig read(YamlSection limits) {
    limits.allowOnly("max-body", "upstream-timeout", "connect-timeout");
    Long maxBody = null;
    String written = limits.scalar("max-body", "a size such as 10MB, 512KB or unlimited");
    if (written != null) {
      try {
        maxBody = ByteSize.parse(written);
      } catch (IllegalArgumentException e) {
        limits.check(false, "max-body", written, e.getMessage());
      }
    }
    return new LimitsConfig(
        maxBody,
        limits.duration("upstream-timeout", null, true),
        limits.duration("connect-timeout", null, true));
  }
}
