package io.cutover.deploytests;

import static io.cutover.deploytests.AdminBodyStorm.pick;
import static io.cutover.deploytests.AdminBodyStorm.randomBytes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.deploytests.BadInput.Expect;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;

/**
 * Storm family "service-file": a bad file in the services folder, then {@code POST
 * /api/v1/services/reload}. The reload answers 200 by design, listing each refused file with its
 * reasons; so each input checks that its file is listed as refused and that the live service keeps
 * its config and its live release. Every file is surely bad: a copy of the service's own file under
 * another name still loses its routes to the service in force.
 */
final class ServiceFileStorm {
  private static final String FAMILY = "service-file";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BAD_NAMES =
      List.of(
          "UPPER",
          "under_score",
          "-lead",
          "x".repeat(64),
          "ünï",
          "a.b",
          "space name",
          "dot.",
          "tab\tname");

  private final Gateway gateway;
  private final String goodYaml;
  private final long liveReleaseId;
  private int sequence;

  ServiceFileStorm(Gateway gateway, long liveReleaseId) throws IOException {
    this.gateway = gateway;
    this.goodYaml = Files.readString(gateway.serviceFile());
    this.liveReleaseId = liveReleaseId;
  }

  /** A file's content and what is wrong with it. */
  private record Content(String what, byte[] bytes) {
    Content(String what, String text) {
      this(what, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  BadInput next(Random r) {
    if (r.nextInt(3) == 0) {
      Content broken = brokenOwnFile(r);
      return input(
          "the service's own file " + broken.what(), gateway.serviceFile(), broken.bytes(), true);
    }
    if (r.nextInt(5) == 0) {
      String name = pick(r, BAD_NAMES);
      // Its content is fine and claims a host of its own: only the name is wrong.
      byte[] content =
          goodYaml
              .replace(Gateway.HOST, "storm-" + sequence + ".localhost")
              .getBytes(StandardCharsets.UTF_8);
      return input(
          "a good file named " + RawHttp.printable(name) + ".yaml",
          gateway.servicesDir.resolve(name + ".yaml"),
          content,
          false);
    }
    Content bad = badContent(r);
    return input(
        bad.what(),
        gateway.servicesDir.resolve("storm-" + sequence++ + ".yaml"),
        bad.bytes(),
        false);
  }

  private Content badContent(Random r) {
    String text;
    String what;
    switch (r.nextInt(11)) {
      case 0 -> {
        byte[] bytes = randomBytes(r, 1 + r.nextInt(8192));
        return new Content("random bytes (" + bytes.length + ")", bytes);
      }
      case 1 -> {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(4000); i < n; i++) {
          s.append((char) (0x20 + r.nextInt(0x5f)));
        }
        text = s.toString();
        what = "random text (" + text.length() + ")";
      }
      case 2 -> {
        text = goodYaml.replace("instances: 2", "instances: " + pick(r, WRONG_TYPES));
        what = "instances of a wrong type";
      }
      case 3 -> {
        text = goodYaml.replace("interval: 200ms", "interval: " + pick(r, BAD_DURATIONS));
        what = "a bad health interval";
      }
      case 4 -> {
        text =
            pick(
                r,
                List.of(
                    "routes: {hosts: [\"a.localhost\"\n",
                    "routes:\n\thosts: [x]\n",
                    "routes: : :\n",
                    "- just\n- a list\n",
                    "\"unterminated\n",
                    "routes: {hosts: [\"b.localhost\"]}\ndriver: {type: static}\n  bad: indent\n"));
        what = "a YAML syntax error";
      }
      case 5 -> {
        // A small billion-laughs: the parser must refuse the aliases, not expand them.
        StringBuilder s = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'k'; c++) {
          char p = (char) (c - 1);
          s.append(c).append(": &").append(c).append(" [*").append(p);
          s.append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
        }
        text = s + "routes: *k\n";
        what = "an alias bomb";
      }
      case 6 -> {
        int depth = 100 + r.nextInt(5000);
        text = "routes: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        what = "nesting " + depth + " deep";
      }
      case 7 -> {
        int size = r.nextInt(10) == 0 ? 4 * 1024 * 1024 : 100_000 + r.nextInt(400_000);
        text = "routes: {hosts: [\"" + "h".repeat(size) + "\"]}\n";
        what = "a host of " + size + " chars";
      }
      case 8 -> {
        text = pick(r, List.of("", "\n\n", "# only a comment\n", "42\n", "null\n", "~\n"));
        what = "an empty or scalar file";
      }
      case 9 -> {
        text = goodYaml + "instances: 3\n";
        what = "a key written twice";
      }
      default -> {
        int cut = r.nextInt(goodYaml.length());
        // Cut anywhere, it still claims the service's host: a conflict if nothing else.
        text = goodYaml.substring(0, cut);
        what = "the good file cut at " + cut;
      }
    }
    return new Content(what, text);
  }

  // (Not null: a key set to null is a key left out, and takes its default.)
  private static final List<String> WRONG_TYPES =
      List.of("two", "0", "-1", "[2]", "{n: 2}", "2.5", "99999999999999999999", "true", "\"2\"");
  private static final List<String> BAD_DURATIONS =
      List.of("banana", "-1s", "1 s", "ms", "200", "1h2m", "9999999999s", "[1s]", "\"\"", "1d");

  /** The service's own file with one change that surely makes it invalid. */
  private Content brokenOwnFile(Random r) {
    String text;
    String what;
    switch (r.nextInt(8)) {
      case 0 -> {
        text = replaced("instances: 2", "instances: " + pick(r, WRONG_TYPES));
        what = "with instances of a wrong type";
      }
      case 1 -> {
        text = replaced("interval: 200ms", "interval: " + pick(r, BAD_DURATIONS));
        what = "with a bad health interval";
      }
      case 2 -> {
        text = replaced("strategy: bluegreen", "strategy: no-such-strategy");
        what = "with an unknown strategy";
      }
      case 3 -> {
        text = replaced("type: process", "type: " + pick(r, List.of("nope", "[process]")));
        what = "with a bad driver type";
      }
      case 4 -> {
        text = goodYaml + pick(r, List.of("unknown-key: 1\n", "instances: 3\n", "routes: {}\n"));
        what = "with an unknown or repeated key";
      }
      case 5 -> {
        int open = goodYaml.indexOf("command: [") + "command: [".length();
        text = goodYaml.substring(0, open + r.nextInt(20));
        what = "cut inside the command";
      }
      case 6 -> {
        text = replaced("routes:\n", "routez:\n");
        what = "without routes";
      }
      default -> {
        // At a line start: inside a quoted value the same bytes would be a valid string.
        int at = goodYaml.indexOf('\n', r.nextInt(goodYaml.length() - 1)) + 1;
        text = goodYaml.substring(0, at) + "\t{{{: ][\n" + goodYaml.substring(at);
        what = "with garbage inserted at " + at;
      }
    }
    return new Content(what, text);
  }

  /** The good file with one change; fails loudly if the file no longer has what it changes. */
  private String replaced(String target, String replacement) {
    if (!goodYaml.contains(target)) {
      throw new IllegalStateException("the service file has no `" + target + "` to break");
    }
    return goodYaml.replace(target, replacement);
  }

  private BadInput input(String what, Path file, byte[] bytes, boolean own) {
    return new BadInput(
        FAMILY, what, Expect.REFUSED_BY_RELOAD, () -> writeAndReload(file, bytes, own));
  }

  private RawHttp.Answer writeAndReload(Path file, byte[] bytes, boolean own) throws Exception {
    write(file, bytes);
    try {
      HttpResponse<String> answer = gateway.post("/api/v1/services/reload", "");
      if (answer.statusCode() != 200) {
        return new RawHttp.Answer(answer.statusCode(), answer.body());
      }
      JsonNode report = JSON.readTree(answer.body());
      JsonNode refusal = refusalOf(report, file);
      if (refusal == null) {
        throw new AssertionError(file.getFileName() + " was not refused: " + answer.body());
      }
      if (own && !refusal.path("keptPrevious").asBoolean()) {
        throw new AssertionError("the service did not keep its config: " + refusal);
      }
      if (own) {
        assertStillLive();
      }
      return new RawHttp.Answer(
          200, "refused: " + refusal.path("problems").path(0).path("message"));
    } finally {
      if (own) {
        write(file, goodYaml.getBytes(StandardCharsets.UTF_8));
        JsonNode report = JSON.readTree(gateway.post("/api/v1/services/reload", "").body());
        if (refusalOf(report, file) != null) {
          throw new AssertionError("the restored file is refused: " + report);
        }
      } else {
        Files.deleteIfExists(file);
      }
    }
  }

  private void assertStillLive() throws IOException, InterruptedException {
    JsonNode view = gateway.getJson("/api/v1/services/" + gateway.service);
    if (view.path("liveReleaseId").asLong() != liveReleaseId) {
      throw new AssertionError("the live release changed with a refused file: " + view);
    }
  }

  private static JsonNode refusalOf(JsonNode report, Path file) {
    for (JsonNode refusal : report.path("refused")) {
      // The gateway writes control characters in a file name as u-escapes.
      String named = Path.of(refusal.path("file").asText()).getFileName().toString();
      if (named.equals(printable(file.getFileName().toString()))) {
        return refusal;
      }
    }
    return null;
  }

  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** Written beside and moved in: the folder watch never reads a half-written file. */
  private static void write(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(".storm-" + System.nanoTime() + ".tmp");
    Files.write(temp, bytes);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
