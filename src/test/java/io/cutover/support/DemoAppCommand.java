package io.cutover.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How tests launch {@code deploy-tests/demo-app/DemoApp.java}: as users do, from source. */
public final class DemoAppCommand {
  /** Maven runs tests from the project folder. */
  public static final Path SOURCE = Path.of("deploy-tests/demo-app/DemoApp.java").toAbsolutePath();

  private DemoAppCommand() {}

  /**
   * {@code java DemoApp.java}, with the C1 compiler only: the source launcher compiles the app at
   * each start, and C1 makes that start about twice as fast on a busy 2-core machine.
   */
  public static List<String> command() {
    if (!Files.isRegularFile(SOURCE)) {
      throw new IllegalStateException("demo app not found at " + SOURCE);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", SOURCE.toString());
  }

  /** A process service that runs the demo app. */
  public static ServiceFixture service(String name) {
    return ServiceFixture.process(name, command());
  }
}
