package io.cutover.config;

import static io.cutover.config.ServiceFiles.FILE;
import static io.cutover.config.ServiceFiles.accepted;
import static io.cutover.config.ServiceFiles.onlyProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built to hang or exhaust the gateway are refused at once, with the reason. */
class ServiceFileLimitsTest {
  private static final Duration QUICKLY = Duration.ofSeconds(5);

  @TempDir Path dir;

  @Test
  void aBillionLaughsFileIsRefusedForItsAliases() {
    StringBuilder yaml =
        new StringBuilder(
            "routes: {hosts: [web.localhost]}\ndriver:\n  type: process\n  env:\n"
                + "    A: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    char previous = 'a';
    for (char name = 'b'; name <= 'i'; name++) {
      yaml.append("    ").append(Character.toUpperCase(name)).append(": &").append(name);
      yaml.append(" [").append(("*" + previous + ", ").repeat(8)).append("*" + previous + "]\n");
      previous = name;
    }
    yaml.append("  command: *i\n");

    ConfigProblem problem = assertTimeoutPreemptively(QUICKLY, () -> onlyProblem(yaml.toString()));

    assertEquals("", problem.keyPath());
    // Whichever limit it meets first: the number of aliases or what they expand to.
    assertTrue(problem.reason().startsWith("at line "), problem.reason());
    assertTrue(problem.reason().contains("aliases"), problem.reason());
  }

  @Test
  void fewAliasesThatExpandToTooMuchAreRefusedToo() {
    StringBuilder yaml =
        new StringBuilder("routes: {hosts: [web.localhost]}\ndriver:\n  type: process\n  env:\n");
    yaml.append("    A: &a [").append("x, ".repeat(999)).append("x]\n");
    yaml.append("  command: [").append("*a, ".repeat(29)).append("*a]\n");

    ConfigProblem problem = assertTimeoutPreemptively(QUICKLY, () -> onlyProblem(yaml.toString()));

    assertTrue(problem.reason().contains("more than 20000 values"), problem.reason());
  }

  @Test
  void moreThan50AliasesAreRefused() {
    StringBuilder yaml = new StringBuilder("routes: {hosts: &h [web.localhost]}\n");
    yaml.append("driver: {command: [").append("*h, ".repeat(50)).append("*h]}\n");

    ConfigProblem problem = onlyProblem(yaml.toString());

    assertTrue(problem.reason().contains("more than 50 aliases"), problem.reason());
  }

  @Test
  void anAliasIsTheMappingOrListItsAnchorNames() {
    ServiceConfig config =
        accepted(
            """
            routes: {hosts: &names [web.localhost]}
            driver:
              command: *names
              env: &env {LEVEL: debug}
            deploy: {canary: {steps: [&first {weight: 10, pause: 1s}, {weight: 50}]}}
            """);

    assertEquals(List.of("web.localhost"), config.driver().command());
    assertEquals(Map.of("LEVEL", "debug"), config.driver().env());
  }

  @Test
  void anAliasWithoutItsAnchorIsRefused() {
    ConfigProblem problem =
        onlyProblem("routes: {hosts: [web.localhost]}\ndriver: {command: *cmd}\n");

    assertTrue(
        problem.reason().contains("alias *cmd names no mapping or list anchored (&cmd) before it"),
        problem.reason());
  }

  @Test
  void deepNestingIsRefusedWithTheLimit() {
    String yaml =
        "routes: {hosts: [web.localhost]}\ndriver: {command: [java]}\nhealth: "
            + "[".repeat(200)
            + "]".repeat(200)
            + "\n";

    ConfigProblem problem = assertTimeoutPreemptively(QUICKLY, () -> onlyProblem(yaml));

    assertTrue(problem.reason().contains("nested deeper than 32 levels"), problem.reason());
  }

  @Test
  void veryDeepNestingIsRefusedTheSameWay() {
    String yaml = "{a: " + "{a: ".repeat(50_000) + "1" + "}".repeat(50_001);

    ConfigProblem problem = assertTimeoutPreemptively(QUICKLY, () -> onlyProblem(yaml));

    assertTrue(problem.reason().contains("nested deeper than 32 levels"), problem.reason());
  }

  @Test
  void aLongTextIsRefusedForItsSize() {
    String yaml = ServiceFiles.MINIMAL + "# " + "x".repeat(256 * 1024) + "\n";

    ConfigProblem problem = onlyProblem(yaml);

    assertTrue(problem.reason().startsWith("the file is larger than 256 KiB"), problem.reason());
  }

  @Test
  void aFileOverTheSizeCapIsRefusedOnDisk() throws Exception {
    Path file = dir.resolve("web.yaml");
    Files.writeString(file, ServiceFiles.MINIMAL + ("#" + "x".repeat(1023) + "\n").repeat(300));

    ParseResult result = new ServiceConfigParser().parse(file);

    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, result);
    assertEquals("web", refused.service());
    assertTrue(
        refused.problems().get(0).reason().startsWith("the file is larger than 256 KiB"),
        refused.problems().toString());
  }

  @Test
  void aHugeFileIsRefusedWithoutBeingRead() throws Exception {
    Path file = dir.resolve("web.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L << 30); // 3 GiB of holes: reading it all would exhaust the heap
    }

    ParseResult result =
        assertTimeoutPreemptively(QUICKLY, () -> new ServiceConfigParser().parse(file));

    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, result);
    assertTrue(
        refused.problems().get(0).reason().startsWith("the file is larger than 256 KiB"),
        refused.problems().toString());
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedWithTheReason() throws Exception {
    Path file = Files.write(dir.resolve("web.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff});

    ParseResult result = new ServiceConfigParser().parse(file);

    ParseResult.Refused refused = assertInstanceOf(ParseResult.Refused.class, result);
    assertEquals(
        "could not be read: it is not UTF-8 text", refused.problems().get(0).reason(), FILE);
  }
}
