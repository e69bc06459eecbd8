package io.cutover.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code driver:}: which driver runs the instances and what it needs to start one. */
final class DriverSection {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern IMAGE = Pattern.compile("[^\\s]+");
  private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  private DriverSection() {}

  static DriverConfig read(YamlSection driver) {
    driver.allowOnly(
        "type",
        "command",
        "workdir",
        "env",
        "image",
        "port",
        "pull",
        "network",
        "docker-host",
        "namespace",
        "resources");
    List<String> types = Arrays.stream(DriverType.values()).map(DriverType::key).toList();
    DriverType type =
        DriverType.valueOf(
            driver.oneOf("type", "process", types, "driver type").toUpperCase(Locale.ROOT));
    List<String> command = driver.strings("command").orElse(List.of());
    // A static driver routes to instances that already run, so it starts nothing.
    if (type == DriverType.PROCESS && !driver.has("command")) {
      driver.missing(
          "command", "a process driver needs a command, e.g. [\"java\", \"-jar\", \"app.jar\"]");
    } else if (type == DriverType.PROCESS && driver.isEmptyList("command")) {
      driver.check(false, "command", "[]", "a process driver needs a command to start");
    }
    String image = driver.text("image", null);
    if ((type == DriverType.DOCKER || type == DriverType.KUBERNETES) && image == null) {
      driver.missing("image", "a " + type.key() + " driver needs an image, e.g. web:${VERSION}");
    }
    String workdir = driver.text("workdir", ".");
    Map<String, String> env = driver.stringMap("env");
    for (String name : env.keySet()) {
      driver.check(
          ENV_NAME.matcher(name).matches(),
          "env." + name,
          name,
          "environment names are letters, digits and '_', not starting with a digit");
      driver.check(
          !name.equals("PORT"),
          "env.PORT",
          env.get(name),
          "PORT is set by Cutover to each instance's own port: remove it and read PORT");
    }
    refuseKeysOfOthers(driver, type, DriverType.DOCKER, "pull", "network", "docker-host");
    refuseKeysOfOthers(driver, type, DriverType.KUBERNETES, "namespace", "resources");
    if (type == DriverType.PROCESS || type == DriverType.STATIC) {
      refuseKeysOfOthers(driver, type, DriverType.DOCKER, "port");
    }
    DockerOptions docker = docker(driver, image);
    KubernetesOptions kubernetes =
        type == DriverType.KUBERNETES
            ? KubernetesSection.read(driver, docker.port())
            : KubernetesOptions.defaults();
    return new DriverConfig(type, command, workdir, env, image, docker, kubernetes);
  }

  /** Keys only an {@code owner} driver reads are refused on a driver of another type. */
  private static void refuseKeysOfOthers(
      YamlSection driver, DriverType type, DriverType owner, String... keys) {
    if (type == owner) {
      return;
    }
    for (String key : keys) {
      driver.check(
          !driver.has(key),
          key,
          "(set)",
          "is not a key of a "
              + type.key()
              + " driver: remove it (it is for "
              + owner.key()
              + " drivers)");
    }
  }

  private static DockerOptions docker(YamlSection driver, String image) {
    DockerOptions d = DockerOptions.defaults();
    if (image != null) {
      driver.check(
          IMAGE.matcher(image).matches(),
          "image",
          image,
          "not an image reference: e.g. registry.example/web:${VERSION} (no spaces)");
    }
    int port = driver.integer("port", d.port());
    driver.check(port >= 1 && port <= 65535, "port", port, "ports are 1 to 65535");
    String pull =
        driver.oneOf("pull", d.pull().key(), List.of("missing", "always", "never"), "pull policy");
    String network = driver.text("network", d.network());
    driver.check(
        NETWORK.matcher(network).matches(),
        "network",
        network,
        "use bridge, host, or the name of a docker network (letters, digits, '_', '.', '-')");
    String host = driver.text("docker-host", null);
    if (host != null) {
      driver.check(
          host.startsWith("unix://") || host.startsWith("tcp://"),
          "docker-host",
          host,
          "the engine's address is unix:///path/to/docker.sock or tcp://host:port");
    }
    return new DockerOptions(port, DockerOptions.Pull.of(pull), network, host);
  }
}
