package io.cutover.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code driver:}: which driver runs the instances and what it needs to start one. */
final class DriverSection {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private DriverSection() {}

  static DriverConfig read(YamlSection driver) {
    driver.allowOnly("type", "command", "workdir", "env", "image");
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
    return new DriverConfig(type, command, workdir, env, image);
  }
}
