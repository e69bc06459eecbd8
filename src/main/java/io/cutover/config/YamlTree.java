package io.cutover.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a service file's YAML into a tree within limits no file gets past: its size, its nesting
 * depth, its number of aliases and the nodes they expand to (so a "billion laughs" file is refused
 * at once instead of filling the heap). Jackson on its own reads an alias as its anchor's name, so
 * {@code command: *cmd} became the string "cmd"; here an alias is the anchored mapping or list.
 */
final class YamlTree {
  /** Far above any real service file (a few hundred bytes), far below anything that hurts. */
  static final int MAX_CHARS = 256 * 1024;

  /** A service file nests 5 levels ({@code deploy.canary.steps[0].weight}). */
  static final int MAX_DEPTH = 32;

  static final int MAX_ALIASES = 50;

  /** Every node of the tree, each alias counting the nodes of what it repeats. */
  static final int MAX_NODES = 20_000;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(YAMLFactory.builder().loaderOptions(loaderOptions()).build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final YAMLParser parser;
  private final Map<String, Anchored> anchors = new HashMap<>();
  private int aliases;
  private int nodes;

  private YamlTree(YAMLParser parser) {
    this.parser = parser;
  }

  /** A limit a file broke; the message says which and what to do. */
  static final class LimitException extends Exception {
    LimitException(String message) {
      super(message);
    }
  }

  /** The document's tree; {@link MissingNode} when the text holds no document. */
  static JsonNode read(String yaml) throws IOException, LimitException {
    if (yaml.length() > MAX_CHARS) {
      throw new LimitException(tooLarge());
    }
    try (YAMLParser parser = (YAMLParser) MAPPER.createParser(yaml)) {
      if (parser.nextToken() == null) {
        return MissingNode.getInstance();
      }
      return new YamlTree(parser).value(1).node();
    }
  }

  static String tooLarge() {
    return "the file is larger than "
        + MAX_CHARS / 1024
        + " KiB: a service file is a few hundred bytes; is this the right file?";
  }

  /** A node read and its height: the levels of mappings and lists in it (0 for a scalar). */
  private record Built(JsonNode node, int height) {}

  /** An anchored node with what an alias to it costs again: its nodes and its height. */
  private record Anchored(JsonNode node, int nodes, int height) {}

  private Built value(int depth) throws IOException, LimitException {
    if (parser.isCurrentAlias()) {
      return alias(parser.getText(), depth);
    }
    Object anchor = parser.getObjectId(); // read before the children move the parser on
    int before = nodes;
    Built built;
    if (parser.currentToken() == JsonToken.START_OBJECT) {
      built = mapping(depth);
    } else if (parser.currentToken() == JsonToken.START_ARRAY) {
      built = sequence(depth);
    } else {
      count(1);
      built = new Built(MAPPER.readTree(parser), 0);
    }
    if (anchor != null) {
      anchors.put(anchor.toString(), new Anchored(built.node(), nodes - before, built.height()));
    }
    return built;
  }

  private Built mapping(int depth) throws IOException, LimitException {
    deeper(depth);
    count(1);
    ObjectNode mapping = JsonNodeFactory.instance.objectNode();
    int height = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      parser.nextToken();
      Built child = value(depth + 1);
      mapping.set(key, child.node());
      height = Math.max(height, child.height());
    }
    return new Built(mapping, height + 1);
  }

  private Built sequence(int depth) throws IOException, LimitException {
    deeper(depth);
    count(1);
    ArrayNode sequence = JsonNodeFactory.instance.arrayNode();
    int height = 0;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Built child = value(depth + 1);
      sequence.add(child.node());
      height = Math.max(height, child.height());
    }
    return new Built(sequence, height + 1);
  }

  /** The anchored node itself, shared: nothing changes a tree once read. */
  private Built alias(String name, int depth) throws LimitException {
    Anchored anchored = anchors.get(name);
    if (anchored == null) {
      // Jackson does not report anchors on single values, so those end here too.
      throw new LimitException(
          at()
              + "alias *"
              + name
              + " names no mapping or list anchored (&"
              + name
              + ") before it; a single value cannot be repeated this way: write it out");
    }
    if (++aliases > MAX_ALIASES) {
      throw new LimitException(
          at()
              + "more than "
              + MAX_ALIASES
              + " aliases (*name): a service file needs few if any; write the values out");
    }
    deeper(depth + anchored.height() - 1);
    count(anchored.nodes());
    return new Built(anchored.node(), anchored.height());
  }

  private void deeper(int depth) throws LimitException {
    if (depth > MAX_DEPTH) {
      throw new LimitException(
          at()
              + "nested deeper than "
              + MAX_DEPTH
              + " levels: a service file needs 5 at most; flatten it");
    }
  }

  private void count(int more) throws LimitException {
    nodes += more;
    if (nodes > MAX_NODES) {
      throw new LimitException(
          at()
              + "more than "
              + MAX_NODES
              + " values once its aliases are expanded: a service file holds a few dozen;"
              + " write the values out instead of repeating aliases");
    }
  }

  private String at() {
    JsonLocation location = parser.currentLocation();
    return location == null || location.getLineNr() < 1
        ? ""
        : "at line " + location.getLineNr() + ": ";
  }

  private static LoaderOptions loaderOptions() {
    // Belt and braces under the checks above: SnakeYAML's own reader refuses a longer stream.
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARS);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    return options;
  }
}
