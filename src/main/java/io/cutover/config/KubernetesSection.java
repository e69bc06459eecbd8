package io.cutover.config;

import java.util.regex.Pattern;

/** Reads the kubernetes driver's own keys: {@code namespace} and {@code resources}. */
final class KubernetesSection {
  /** A namespace is a DNS-1123 label. */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** Whole or milli CPUs: 1, 0.5, 250m. */
  private static final Pattern CPU = Pattern.compile("([0-9]+(\\.[0-9]+)?|[0-9]+m)");

  /** Bytes with a binary or decimal suffix: 256Mi, 1Gi, 500M, 1000000. */
  private static final Pattern MEMORY =
      Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");

  private KubernetesSection() {}

  static KubernetesOptions read(YamlSection driver, int port) {
    String namespace = driver.text("namespace", null);
    if (namespace != null) {
      driver.check(
          NAMESPACE.matcher(namespace).matches(),
          "namespace",
          namespace,
          "not a namespace name: lower-case letters, digits and '-', at most 63, e.g. web-prod");
    }
    YamlSection resources = driver.section("resources");
    resources.allowOnly("cpu", "memory");
    String cpu = quantity(resources, "cpu", CPU, "a CPU amount such as 250m, 0.5 or 2");
    String memory =
        quantity(resources, "memory", MEMORY, "a memory amount such as 256Mi, 1Gi or 500M");
    return new KubernetesOptions(port, namespace, cpu, memory);
  }

  /** Scalars are read as text, so {@code cpu: 1} and {@code cpu: "1"} are one thing. */
  private static String quantity(YamlSection resources, String key, Pattern form, String example) {
    String value = resources.scalar(key);
    if (value == null) {
      return null;
    }
    boolean ok = form.matcher(value).matches() && !value.matches("0+(\\.0+)?[A-Za-z]*");
    resources.check(ok, key, value, "not " + example + " (above zero)");
    return ok ? value : null;
  }
}
