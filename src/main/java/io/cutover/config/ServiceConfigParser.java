package io.cutover.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one {@code services/<name>.yaml} into a {@link ServiceConfig} with every default filled in,
 * or into the list of problems that tell the user what to change. Plain Java, thread-safe.
 */
public final class ServiceConfigParser {
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern DUPLICATE_KEY = Pattern.compile("Duplicate field '(.*)'");

  private final Set<String> strategies;
  private final KnownEvents events;
  private final Function<String, String> env;

  public ServiceConfigParser() {
    this(StrategyNames.BUILT_IN);
  }

  /**
   * @param strategies the names {@code deploy.strategy} may take
   */
  public ServiceConfigParser(Set<String> strategies) {
    this(strategies, KnownEvents.NONE, System::getenv);
  }

  /**
   * @param events the event types {@code notify[].events} may name
   * @param env reads the gateway's environment (a {@code notify[].secret-env} must be set there)
   */
  public ServiceConfigParser(
      Set<String> strategies, KnownEvents events, Function<String, String> env) {
    this.strategies = Set.copyOf(strategies);
    this.events = events;
    this.env = env;
  }

  public ParseResult parse(Path file) {
    return parse(file.toString(), file);
  }

  /**
   * @param file the file as problems name it
   * @param source where to read it from (the services folder reads a link's target)
   */
  ParseResult parse(String file, Path source) {
    String yaml;
    try {
      yaml = readBounded(source);
    } catch (CharacterCodingException e) {
      return refused(file, "could not be read: it is not UTF-8 text");
    } catch (IOException e) {
      return refused(file, "could not be read: " + e);
    }
    return yaml == null ? refused(file, YamlTree.tooLarge()) : parse(file, yaml);
  }

  /** The file's text, or null when it is larger than a service file may be: never all read. */
  private static String readBounded(Path source) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(source)) {
      bytes = in.readNBytes(YamlTree.MAX_CHARS + 1);
    }
    if (bytes.length > YamlTree.MAX_CHARS) {
      return null;
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
  }

  private static ParseResult refused(String file, String reason) {
    return new ParseResult.Refused(
        serviceName(file), List.of(new ConfigProblem(file, "", null, reason)));
  }

  /**
   * @param file the file as problems name it; its base name without {@code .yaml} is the service
   * @param yaml the file's content
   */
  public ParseResult parse(String file, String yaml) {
    String name = serviceName(file);
    List<ConfigProblem> problems = new ArrayList<>();
    if (!SERVICE_NAME.matcher(name).matches()) {
      problems.add(
          new ConfigProblem(
              file,
              "",
              name,
              "a service name (the file name) is 1 to 63 lowercase letters, digits and '-',"
                  + " starting with a letter or digit: rename the file"));
    }
    JsonNode root = readTree(file, yaml, problems);
    if (root != null) {
      ServiceConfig config = read(name, YamlSection.root(file, root, problems));
      if (problems.isEmpty()) {
        return new ParseResult.Accepted(config);
      }
    }
    return new ParseResult.Refused(name, problems);
  }

  private JsonNode readTree(String file, String yaml, List<ConfigProblem> problems) {
    JsonNode root;
    try {
      root = YamlTree.read(yaml);
    } catch (JsonProcessingException e) {
      problems.add(new ConfigProblem(file, "", null, syntaxError(e)));
      return null;
    } catch (YamlTree.LimitException e) {
      problems.add(new ConfigProblem(file, "", null, e.getMessage()));
      return null;
    } catch (YAMLException e) {
      // SnakeYAML's own limits, under the tree's (a code point limit, say).
      problems.add(
          new ConfigProblem(file, "", null, "refused by the YAML reader: " + e.getMessage()));
      return null;
    } catch (IOException e) {
      problems.add(new ConfigProblem(file, "", null, "could not be read: " + e.getMessage()));
      return null;
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      problems.add(
          new ConfigProblem(
              file, "", null, "the file is empty: a service needs at least `routes` and `driver`"));
      return null;
    }
    if (!root.isObject()) {
      problems.add(
          new ConfigProblem(
              file,
              "",
              null,
              "the file must be a mapping of keys such as `routes` and `driver`, not a single"
                  + " value or a list"));
      return null;
    }
    return root;
  }

  private ServiceConfig read(String name, YamlSection top) {
    top.allowOnly("routes", "instances", "driver", "health", "drain", "deploy", "limits", "notify");
    RoutesConfig routes = null;
    if (top.has("routes")) {
      routes = RoutesSection.read(top.section("routes"));
    } else {
      top.missing("routes", "add `routes: {hosts: [\"" + name + ".localhost\"]}`");
    }
    int instances = top.integer("instances", 1);
    top.check(instances >= 1, "instances", instances, "must be at least 1");
    DriverConfig driver = null;
    if (top.has("driver")) {
      driver = DriverSection.read(top.section("driver"));
    } else {
      top.missing("driver", "add `driver: {type: process, command: [...]}` or `{type: static}`");
    }
    DeployConfig deploy = DeploySection.read(top.section("deploy"), strategies);
    if (driver != null && driver.type() == DriverType.STATIC && deploy.releaseCommand().present()) {
      // A static driver runs nothing of the new version, so there is nothing to run it with.
      top.section("deploy")
          .check(
              false,
              "release-command",
              deploy.releaseCommand().command().get(0),
              "a static driver runs no instance of the new version to run it in: remove it, or"
                  + " use a process or docker driver");
    }
    return new ServiceConfig(
        name,
        routes,
        instances,
        driver,
        HealthSection.read(top.section("health")),
        DrainSection.read(top.section("drain")),
        deploy,
        LimitsSection.read(top.section("limits")),
        NotifySection.read(top, events, env));
  }

  private static String syntaxError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return "YAML syntax error at line "
          + (marked.getProblemMark().getLine() + 1)
          + ", column "
          + (marked.getProblemMark().getColumn() + 1)
          + ": "
          + marked.getProblem();
    }
    String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
    Matcher duplicate = DUPLICATE_KEY.matcher(String.valueOf(e.getOriginalMessage()));
    if (duplicate.matches()) {
      return "YAML error" + where + ": key `" + duplicate.group(1) + "` is written twice; keep one";
    }
    return "YAML syntax error" + where + ": " + e.getOriginalMessage();
  }

  /** {@code services/web.yaml} gives {@code web}. */
  static String serviceName(String file) {
    String base = Path.of(file).getFileName().toString();
    return base.endsWith(".yaml") ? base.substring(0, base.length() - ".yaml".length()) : base;
  }
}
