package io.cutover.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.process.ProcessDriver;
import io.cutover.release.NewRelease;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.cutover.release.ReleaseTrigger;
import io.cutover.service.LiveService;
import io.cutover.service.LiveServices;
import io.cutover.strategy.Step;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An abort that comes while an instance is being started: the process the driver launched is
 * stopped with the rest, never left running unmanaged.
 */
@QuarkusTest
class AbortDuringStartTest {
  @Inject ReleaseExecutor executor;
  @Inject ReleaseHistory history;
  @Inject LiveServices services;
  @Inject ProcessDriver processes;
  @Inject RolloutParts parts;

  private DeployScenario scenario;
  private HeldStarts driver;

  @BeforeEach
  void start() {
    scenario = new DeployScenario(executor, history, services);
    driver = new HeldStarts(processes);
  }

  @AfterEach
  void stop() {
    driver.hold.complete(null);
    driver.started.forEach(i -> processes.process(i).ifPresent(Process::destroyForcibly));
    scenario.close();
  }

  @Test
  void aProcessLaunchedWhenTheAbortCameIsStoppedAndTheReleaseEndsAborted() throws Exception {
    // Given a demo-app service and a release whose instance is launched but not handed over yet
    scenario.configure(1, "", "");
    LiveService live = services.service(scenario.service).orElseThrow();
    Release release =
        history
            .create(NewRelease.of(scenario.service, "v1", "bluegreen", ReleaseTrigger.API))
            .await()
            .atMost(Duration.ofSeconds(10));
    Rollout rollout =
        new Rollout(
            parts.contextFor(
                new RolloutRelease(
                    release.getId(),
                    scenario.service,
                    "v1",
                    "bluegreen",
                    live.config(),
                    null,
                    live,
                    driver)),
            List.of(new Step.StartNew(1), new Step.AwaitHealthy(), new Step.ShiftTraffic(100)));
    CompletableFuture<ReleaseStatus> ended = rollout.run().subscribeAsCompletionStage();
    driver.launched.get(30, TimeUnit.SECONDS);
    Instance launched = driver.started.get(0);
    assertTrue(processes.process(launched).orElseThrow().isAlive());

    // When the release is aborted, and only then the driver hands the instance over
    rollout.abort("stopped during the start");
    driver.hold.complete(null);

    // Then the release ends aborted and the launched process is gone
    assertEquals(ReleaseStatus.ABORTED, ended.get(60, TimeUnit.SECONDS));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> processes.process(launched).map(p -> !p.isAlive()).orElse(true));
    Release recorded = history.find(release.getId()).await().atMost(Duration.ofSeconds(10));
    assertEquals(ReleaseStatus.ABORTED, recorded.getStatus());
    assertEquals("aborted: stopped during the start", recorded.getReason());
    assertTrue(live.pools().isEmpty(), live.pools().toString());
  }

  /** The real process driver, whose starts hand their instance over only once released. */
  private static final class HeldStarts implements InstanceDriver {
    private final ProcessDriver real;
    final CompletableFuture<Void> launched = new CompletableFuture<>();
    final CompletableFuture<Void> hold = new CompletableFuture<>();
    final List<Instance> started = new CopyOnWriteArrayList<>();

    HeldStarts(ProcessDriver real) {
      this.real = real;
    }

    @Override
    public String type() {
      return real.type();
    }

    @Override
    public Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener) {
      return real.start(spec, listener)
          .invoke(
              instance -> {
                started.add(instance);
                launched.complete(null);
              })
          .call(instance -> Uni.createFrom().completionStage(hold.copy()));
    }

    @Override
    public Uni<Void> stop(Instance instance, Duration stopTimeout) {
      return real.stop(instance, stopTimeout);
    }
  }
}
