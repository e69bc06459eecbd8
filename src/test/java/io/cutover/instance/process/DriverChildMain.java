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
 * <p>{@code during-shutdown <data-dir>}: exits, and makes a driver in a shutdown hook, as a gateway
 * stopped during boot does; prints what a start then does.
 */
public final class DriverChildMain {
  private DriverChildMain() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[1]);
    List<String> command = Arrays.asList(args).subList(2, args.length);
    switch (args[0]) {
      case "run" -> {
        ProcessDriver driver = new ProcessDriver(dataDir);
        Instance instance =
            driver
                .start(spec(command), (i, code) -> System.out.println("exited " + code))
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
    return ServiceFixture.process("orphan", command)
        .stopTimeout(Duration.ofSeconds(2))
        .spec("v1", 0);
  }
}
