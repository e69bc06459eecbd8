package io.cutover.instance.process;

import io.cutover.instance.Placeholders;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a process instance starts with: never a copy of the gateway's, which holds the
 * database password and the admin token (SPEC: instances get a minimal environment).
 *
 * <p>In order, later entries winning: the few variables a program needs to run as the gateway's
 * user ({@link #INHERITED}, {@code LC_*}), taken from the gateway's environment; then the service's
 * {@code driver.env} as written (placeholders substituted); then {@code PORT}, {@code VERSION} and
 * {@code INSTANCE}, always the gateway's own values. A {@code CUTOVER_*} or {@code QUARKUS_*}
 * variable of the gateway never passes; {@code driver.env} may name any variable, the gateway's
 * names included (a Quarkus instance needs {@code QUARKUS_HTTP_PORT: "${PORT}"}).
 */
final class InstanceEnvironment {
  /** What programs and their runtimes look up: where binaries are, whose files, which locale. */
  static final Set<String> INHERITED =
      Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ", "TMPDIR");

  private InstanceEnvironment() {}

  /**
   * @param gateway the gateway's own environment ({@code System.getenv()})
   * @param driverEnv the service's {@code driver.env}, values as written
   */
  static Map<String, String> of(
      Map<String, String> gateway, Map<String, String> driverEnv, Placeholders values) {
    Map<String, String> env = new TreeMap<>();
    gateway.forEach(
        (name, value) -> {
          if (inherited(name)) {
            env.put(name, value);
          }
        });
    driverEnv.forEach((name, value) -> env.put(name, values.apply(value)));
    env.put("PORT", Integer.toString(values.port()));
    env.put("VERSION", values.version());
    env.put("INSTANCE", Integer.toString(values.index()));
    return env;
  }

  /** Whether a variable of the gateway's passes to its instances. */
  static boolean inherited(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    if (upper.startsWith("CUTOVER_") || upper.startsWith("QUARKUS_")) {
      return false;
    }
    return INHERITED.contains(name) || name.startsWith("LC_");
  }
}
