package io.cutover.deploytests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/cutover gateway}, the way the README starts the gateway: the launcher's own JVM flags,
 * a user's {@code CUTOVER_JAVA_OPTS} added after them or replacing the collector and heap they
 * name, one line saying which JDK and flags run, and usage errors that say what to do.
 */
class LauncherIT {

  @Test
  void theGatewayRunsWithTheLaunchersFlagsAndSaysWhichJdk() throws IOException {
    Gateway.assumeDatabase();
    try (Gateway gateway = Gateway.create("").start()) {
      String first = Files.readAllLines(gateway.log()).get(0);
      assertTrue(
          first.startsWith("cutover gateway: java " + System.getProperty("java.version")), first);
      assertTrue(first.contains("flags: -XX:+UseParallelGC"), first);
      String cmdline = cmdline(gateway.handle().pid());
      assertTrue(cmdline.contains("-XX:+UseParallelGC"), cmdline);
      assertTrue(cmdline.contains("-XX:+ExitOnOutOfMemoryError"), cmdline);
      assertTrue(cmdline.contains("-jar " + Gateway.JAR), cmdline);
    }
  }

  @Test
  void aCollectorOrHeapInCutoverJavaOptsReplacesTheLaunchersOwn() throws IOException {
    Gateway.assumeDatabase();
    try (Gateway gateway =
        Gateway.create("")
            .javaOpts("-XX:+UseG1GC -Xmx160m -Dcutover.proxy.version-header=true")
            .start()) {
      String cmdline = cmdline(gateway.handle().pid());
      assertTrue(
          cmdline.contains("-XX:+UseG1GC -Xmx160m -Dcutover.proxy.version-header=true"), cmdline);
      assertFalse(cmdline.contains("UseParallelGC"), cmdline);
      assertFalse(cmdline.contains("-Xms"), cmdline);
      assertTrue(cmdline.contains("-XX:+ExitOnOutOfMemoryError"), cmdline);
    }
  }

  @Test
  void usageErrorsExitTwoAndSayWhatToDo() throws Exception {
    assertRefused(List.of(), Map.of(), "cutover gateway");
    assertRefused(List.of("deploi"), Map.of(), "unknown command 'deploi'");
    assertRefused(
        List.of("gateway"),
        Map.of("CUTOVER_APP", "/nonexistent/app"),
        "build it with ./mvnw -B package -DskipTests");
    assertRefused(List.of("gateway"), Map.of("JAVA_HOME", "/nonexistent/jdk"), "has no bin/java");
  }

  private static void assertRefused(List<String> args, Map<String, String> env, String says)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(Gateway.LAUNCHER.toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not end");
    assertEquals(2, process.exitValue(), output);
    assertTrue(output.contains(says), output);
  }

  private static String cmdline(long pid) throws IOException {
    return new String(
            Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
        .replace('\0', ' ');
  }
}
