package io.cutover.instance.process;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceStartException;
import io.cutover.support.ServiceFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A process driver in a JVM of its own, as a gateway runs it: so tests can SIGKILL "the gateway" or
 * stop it while it makes its driver. Started by {@link DriverChild}; prints what it did.
 *
 * <p>{@code run <data-dir> <command...>}: starts one instance (service {@code orphan}, stop timeout
 * 2s), prints {@code instance pid=<pid> id=<id>}, then waits to be killed.
 *
 * <p>{@code outlive <data-dir> <command...>}: as {@code run}, for release 7, with a driver whose
 * instances outlive it ({@code cutover.process.outlive-gateway}).
 *
 * <p>{@code during-shutdown <data-dir>}: exits, and makes a driver in a shutdown hook, as a gateway
 * stopped during boot does; prints what a start then does.
 */
public final class DriverChildMain {
  /** The release {@code outlive} starts its instance for. */
  static final long RELEASE = 7;

  private DriverChildMain() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[1]);
    List<String> command = Arrays.asList(args).subList(2, args.length);
    switch (args[0]) {
      case "run", "outlive" -> {
        boolean outlive = args[0].equals("outlive");
        ProcessDriver driver = new ProcessDriver(dataDir, outlive);
        Instance instance =
            driver
                .start(
                    outlive ? spec(command, RELEASE) : spec(command),
                    (i, code) -> System.out.println("exited " + code))
                .await()
                .atMost(Duration.ofSeconds(60));
        System.out.println(
            "instance pid="
                + driver.process(instance).orElseThrow().pid()
                + " id="
                + instance.id());
        new CountDownLatch(1).await();
      }
      case "during-shutdown" -> {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> startDuringShutdown(dataDir), "late-driver"));
        System.exit(0);
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void startDuringShutdown(Path dataDir) {
    ProcessDriver driver = new ProcessDriver(dataDir);
    System.out.println("driver made during shutdown");
    try {
      driver.start(spec(List.of("sleep", "300")), (i, code) -> {}).await().indefinitely();
      System.out.println("instance started during shutdown");
    } catch (InstanceStartException e) {
      System.out.println("start refused: " + e.getMessage());
    }
  }

  private static io.cutover.instance.InstanceSpec spec(List<String> command) {
    return spec(command, 0);
  }

  /** The one instance {@code run} and {@code outlive} start (slot 0 of v1 of service orphan). */
  static io.cutover.instance.InstanceSpec spec(List<String> command, long releaseId) {
    return ServiceFixture.process("orphan", command)
        .stopTimeout(Duration.ofSeconds(2))
        .spec("v1", 0, releaseId);
  }
}
