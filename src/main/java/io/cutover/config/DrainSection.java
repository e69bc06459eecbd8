package io.cutover.config;

/** Reads {@code drain:}: how old instances are let go after the switch. */
final class DrainSection {
  private DrainSection() {}

  static DrainConfig read(YamlSection drain) {
    drain.allowOnly("timeout", "stop-timeout");
    DrainConfig d = DrainConfig.defaults();
    return new DrainConfig(
        drain.duration("timeout", d.timeout(), false),
        drain.duration("stop-timeout", d.stopTimeout(), false));
  }
}
