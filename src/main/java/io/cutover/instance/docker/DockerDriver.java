package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.cutover.config.DockerOptions;
import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * {@code driver.type: docker}: one container per instance through the Docker Engine API. A start
 * completes once the container runs and its image's own {@code HEALTHCHECK}, if it has one, says
 * healthy; the gateway's HTTP check then gates traffic as for any instance. A container the gateway
 * stops gets SIGTERM, a kill after {@code drain.stop-timeout}, and is removed. The gateway's own
 * shutdown leaves containers running: the next gateway adopts the live release's ones ({@link
 * ContainerAdoption}) and removes those of releases that are over ({@link EndedContainerSweep}).
 */
@ApplicationScoped
public class DockerDriver implements InstanceDriver {
  private static final Logger LOG = Logger.getLogger(DockerDriver.class);
  private static final Duration HEALTH_POLL = Duration.ofMillis(250);
  static final int TAIL_LINES = 200;
  static final String NAME_PREFIX = "cutover-";

  private final DockerEngines engines = new DockerEngines(System.getenv());
  private final Map<String, RunningContainer> running = new ConcurrentHashMap<>();
  private final ContainerStarts starts = new ContainerStarts(engines);
  private final ContainerExitWatch exits =
      new ContainerExitWatch(engines, running::values, this::exited);

  @Override
  public String type() {
    return "docker";
  }

  @Override
  public Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener) {
    long deadline = System.nanoTime() + spec.config().health().startupTimeout().toNanos();
    return blocking(() -> startOrAdopt(spec, listener))
        .chain(
            c ->
                awaitImageHealthy(c, deadline)
                    .onFailure()
                    .call(e -> remove(c, Duration.ZERO))
                    .replaceWith(c.instance()));
  }

  private RunningContainer startOrAdopt(InstanceSpec spec, InstanceExitListener listener) {
    DockerClient docker = engines.client(spec.config().driver().docker());
    String host = engines.hostOf(spec.config().driver().docker());
    RunningContainer c =
        new ContainerAdoption(docker, host, running.keySet())
            .adopt(spec, listener)
            .orElseGet(() -> starts.start(spec, listener));
    running.put(c.instance().id(), c);
    try {
      c.following(ContainerLogs.follow(docker, c.containerId(), c.instance().logs(), TAIL_LINES));
    } catch (RuntimeException e) {
      remove(c, Duration.ZERO).await().indefinitely(); // on a worker already: never left behind
      throw new InstanceStartException(
          spec.service(), "the output of container " + c.shortId() + " is unreadable: " + e, e);
    }
    return c;
  }

  /** Until the image's HEALTHCHECK passes (or it has none); fails once it cannot any more. */
  private Uni<Void> awaitImageHealthy(RunningContainer c, long deadline) {
    DockerClient docker = engines.client(c.host());
    return blocking(() -> ContainerHealth.of(docker, c.containerId()))
        .chain(
            health -> {
              if (health.passes()) {
                return Uni.createFrom().voidItem();
              }
              String failure = null;
              if (!health.running()) {
                failure = "exited with code " + health.exitCode() + " before it was healthy";
              } else if (health.failed()) {
                failure = "its image's HEALTHCHECK reported unhealthy (" + health.lastCheck() + ")";
              } else if (System.nanoTime() > deadline) {
                failure =
                    "its image's HEALTHCHECK did not pass within health.startup-timeout (status "
                        + health.healthcheck()
                        + (health.lastCheck().isEmpty() ? "" : ", " + health.lastCheck())
                        + ")";
              }
              if (failure != null) {
                return Uni.createFrom().failure(notHealthy(c, failure));
              }
              return Uni.createFrom()
                  .voidItem()
                  .onItem()
                  .delayIt()
                  .by(HEALTH_POLL)
                  .chain(() -> awaitImageHealthy(c, deadline));
            });
  }

  private InstanceStartException notHealthy(RunningContainer c, String failure) {
    Instance instance = c.instance();
    String logs = ContainerLogs.last(engines.client(c.host()), c.containerId(), 10);
    return new InstanceStartException(
        instance.service(),
        "container "
            + c.shortId()
            + " of "
            + instance.service()
            + " "
            + instance.version()
            + ": "
            + failure
            + (logs.isBlank() ? "" : "; last log lines:\n" + logs));
  }

  @Override
  public Uni<Void> stop(Instance instance, Duration stopTimeout) {
    RunningContainer c = running.get(instance.id());
    if (c == null) {
      instance.state(InstanceState.STOPPED);
      return Uni.createFrom().voidItem();
    }
    return remove(c, stopTimeout);
  }

  /** SIGTERM, a kill after {@code stopTimeout}, then removal. Idempotent per container. */
  private Uni<Void> remove(RunningContainer c, Duration stopTimeout) {
    if (!c.claimEnd()) {
      return Uni.createFrom().voidItem();
    }
    return blocking(
        () -> {
          long began = System.nanoTime();
          DockerClient docker = engines.client(c.host());
          // The engine counts whole seconds; round up so the app gets at least its timeout.
          int seconds = (int) Math.max(0, (stopTimeout.toMillis() + 999) / 1000);
          try {
            docker.stopContainerCmd(c.containerId()).withTimeout(seconds).exec();
          } catch (NotModifiedException | NotFoundException alreadyStopped) {
            // it ended on its own meanwhile
          }
          removeQuietly(docker, c.containerId());
          c.closeLogs();
          running.remove(c.instance().id(), c);
          c.instance().state(InstanceState.STOPPED);
          LOG.infof(
              "instance stopped id=%s container=%s tookMs=%d",
              c.instance().id(), c.shortId(), (System.nanoTime() - began) / 1_000_000);
          return null;
        });
  }

  static void removeQuietly(DockerClient docker, String containerId) {
    try {
      docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException gone) {
      // removed already
    }
  }

  /** A container that ended without the gateway asking: reported like a crashed process. */
  private void exited(RunningContainer c) {
    if (!c.claimEnd()) {
      return;
    }
    Instance instance = c.instance();
    DockerClient docker = engines.client(c.host());
    int exitCode = -1;
    try {
      Long code = ContainerHealth.of(docker, c.containerId()).exitCode();
      exitCode = code == null ? -1 : code.intValue();
      removeQuietly(docker, c.containerId());
    } catch (NotFoundException gone) {
      // removed by someone else: no exit code to tell
    } catch (RuntimeException e) {
      LOG.warnf("exited container not removed id=%s reason=%s", instance.id(), e.getMessage());
    }
    c.closeLogs();
    running.remove(instance.id(), c);
    instance.state(InstanceState.STOPPED);
    LOG.warnf(
        "instance exited id=%s container=%s service=%s version=%s exitCode=%d",
        instance.id(), c.shortId(), instance.service(), instance.version(), exitCode);
    int code = exitCode;
    Runnable report = () -> c.listener().onExit(instance, code);
    try {
      Infrastructure.getDefaultWorkerPool().execute(report);
    } catch (RejectedExecutionException e) {
      report.run();
    }
  }

  /** Pulls the version's image once for the release, before its release command and instances. */
  @Override
  public Uni<Void> prepare(InstanceSpec spec, Consumer<ImagePullProgress> progress) {
    return blocking(
        () -> {
          DockerOptions options = spec.config().driver().docker();
          DockerClient docker = engines.client(options);
          ContainerStarts.answers(docker, spec.service(), engines.hostOf(options));
          String image = ContainerRequest.imageOf(spec.config().driver(), spec.version());
          ImagePull.ensure(
              docker,
              spec.service(),
              image,
              options.pull(),
              spec.config().health().startupTimeout(),
              progress);
          return null;
        });
  }

  @Override
  public Uni<OneOffResult> runOnce(OneOffRun run) {
    return blocking(() -> new OneOffContainer(engines).run(run));
  }

  @Override
  public Uni<Void> restoreEnded(Map<String, Long> liveReleases) {
    return blocking(
        () -> {
          new EndedContainerSweep(engines, running.values()).sweep(liveReleases);
          return null;
        });
  }

  /** The container behind an instance this driver runs: for diagnostics and tests. */
  public java.util.Optional<String> containerId(Instance instance) {
    return java.util.Optional.ofNullable(running.get(instance.id()))
        .map(RunningContainer::containerId);
  }

  void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
    close();
  }

  /** Lets go of the engine; containers stay: the next gateway adopts the live ones. */
  void close() {
    exits.close();
    running.values().forEach(RunningContainer::closeLogs);
    if (!running.isEmpty()) {
      LOG.infof("containers left running for the next gateway count=%d", running.size());
    }
    engines.close();
  }

  private static <T> Uni<T> blocking(Supplier<T> call) {
    return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
