package io.cutover.config;

/** Reads {@code health:}: how an instance is judged healthy before and while it gets traffic. */
final class HealthSection {
  private HealthSection() {}

  static HealthConfig read(YamlSection health) {
    health.allowOnly(
        "path",
        "interval",
        "timeout",
        "grace-period",
        "healthy-threshold",
        "unhealthy-threshold",
        "startup-timeout");
    HealthConfig d = HealthConfig.defaults();
    String path = health.text("path", d.path());
    health.check(path.startsWith("/"), "path", path, "must start with '/', e.g. /health");
    int healthy = health.integer("healthy-threshold", d.healthyThreshold());
    health.check(
        healthy >= 1,
        "healthy-threshold",
        healthy,
        "must be at least 1: an instance needs one passing check before it gets traffic");
    int unhealthy = health.integer("unhealthy-threshold", d.unhealthyThreshold());
    health.check(
        unhealthy >= 1,
        "unhealthy-threshold",
        unhealthy,
        "must be at least 1: the failures in a row that take an instance out of traffic");
    return new HealthConfig(
        path,
        health.duration("interval", d.interval(), true),
        health.duration("timeout", d.timeout(), true),
        health.duration("grace-period", d.gracePeriod(), false),
        healthy,
        unhealthy,
        health.duration("startup-timeout", d.startupTimeout(), true));
  }
}
