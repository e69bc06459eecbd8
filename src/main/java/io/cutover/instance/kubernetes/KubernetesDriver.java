package io.cutover.instance.kubernetes;

import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.LogTail;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * {@code driver.type: kubernetes}: one pod per instance through the Kubernetes API. A start
 * completes once the pod is Ready (its readiness probe, on the service's health path, passes); the
 * gateway's HTTP check then gates traffic to podIP:port as for any instance. A hopeless pod
 * (ImagePullBackOff, ErrImagePull, CrashLoopBackOff) fails the start at once, an Unschedulable one
 * at {@code health.startup-timeout}, each with the pod's events and last log lines. A stop deletes
 * the pod with {@code gracePeriodSeconds} = {@code drain.stop-timeout} (SIGTERM, then the kubelet's
 * kill). The gateway's own shutdown leaves pods running: the next gateway adopts the live release's
 * ones and deletes those of releases that are over.
 */
@ApplicationScoped
public class KubernetesDriver implements InstanceDriver {
  private static final Logger LOG = Logger.getLogger(KubernetesDriver.class);
  static final int TAIL_LINES = 200;
  private static final Duration DELETE_SLACK = Duration.ofSeconds(15);

  private final Cluster cluster;
  private final PodStarts starts;
  private final Map<String, RunningPod> running = new ConcurrentHashMap<>();

  @Inject
  KubernetesDriver(jakarta.enterprise.inject.Instance<KubernetesClient> clients) {
    this(clients::get); // resolved on first use only: no cluster needed until a service asks
  }

  KubernetesDriver(Supplier<KubernetesClient> clients) {
    this.cluster = new Cluster(clients);
    this.starts = new PodStarts(cluster);
  }

  @Override
  public String type() {
    return "kubernetes";
  }

  @Override
  public Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener) {
    Duration timeout = spec.config().health().startupTimeout();
    AtomicReference<PodStarts.Launch> launched = new AtomicReference<>();
    return blocking(
            () -> {
              PodStarts.Launch launch = starts.launch(spec, heldPods());
              launched.set(launch);
              return launch;
            })
        .chain(
            launch ->
                Uni.createFrom()
                    .completionStage(
                        () ->
                            cluster
                                .watch()
                                .await(launch.namespace(), launch.name(), PodOutcome::started))
                    .ifNoItem()
                    .after(timeout)
                    .recoverWithItem(() -> notReadyInTime(launch))
                    .chain(
                        outcome ->
                            outcome.ok()
                                // off the watch's thread: it opens the pod's log stream
                                ? blocking(() -> hold(spec, launch, outcome.pod(), listener))
                                : blocking(() -> failStart(spec, launch, outcome.failure()))))
        // A start given up (the release aborted meanwhile): its pod would be nobody's.
        .onCancellation()
        .invoke(() -> abandon(launched.get()));
  }

  private void abandon(PodStarts.Launch launch) {
    if (launch == null || launch.adopted()) {
      return; // nothing created, or a pod of the live release: it stays
    }
    RunningPod held = running.remove(launch.id());
    if (held != null) {
      held.claimEnd();
      held.release();
    }
    LOG.infof("instance start abandoned id=%s pod=%s", launch.id(), launch.name());
    try {
      Infrastructure.getDefaultWorkerPool()
          .execute(() -> delete(launch.namespace(), launch.name(), 0));
    } catch (RejectedExecutionException e) {
      delete(launch.namespace(), launch.name(), 0);
    }
  }

  private PodOutcome notReadyInTime(PodStarts.Launch launch) {
    Optional<Pod> pod = cluster.watch().pod(launch.namespace(), launch.name());
    String state =
        pod.map(p -> PodState.unschedulable(p).orElse(PodState.summary(p))).orElse("not seen");
    return new PodOutcome(null, "not Ready within health.startup-timeout (" + state + ")");
  }

  private Instance hold(
      InstanceSpec spec, PodStarts.Launch launch, Pod pod, InstanceExitListener listener) {
    Instance instance =
        new Instance(
            launch.id(),
            spec.service(),
            spec.version(),
            spec.index(),
            pod.getStatus().getPodIP(),
            spec.config().driver().kubernetes().port(),
            new LogTail(TAIL_LINES));
    RunningPod held = new RunningPod(instance, launch.namespace(), launch.name(), listener);
    running.put(instance.id(), held);
    PodWatch.PodListener onChange =
        now -> {
          if (gone(now)) {
            exited(held, now);
          }
        };
    Runnable unwatch = cluster.watch().listen(launch.namespace(), launch.name(), onChange);
    held.following(
        PodLogs.follow(
            cluster.client(), launch.namespace(), launch.name(), instance.logs(), TAIL_LINES),
        unwatch);
    // An end heard between Ready and the listener being in.
    onChange.changed(cluster.watch().pod(launch.namespace(), launch.name()));
    LOG.infof(
        "instance %s id=%s service=%s version=%s pod=%s address=%s:%d",
        launch.adopted() ? "resumed" : "ready",
        instance.id(),
        spec.service(),
        spec.version(),
        launch.name(),
        instance.host(),
        instance.port());
    return instance;
  }

  /** Deleted, being deleted (an eviction, a node drain, kubectl delete), or ended. */
  private static boolean gone(Optional<Pod> now) {
    return now.isEmpty()
        || PodState.ended(now.get())
        || now.get().getMetadata().getDeletionTimestamp() != null;
  }

  /** The pod never got Ready: its events and last lines in the message, and it is deleted. */
  private Instance failStart(InstanceSpec spec, PodStarts.Launch launch, String failure) {
    KubernetesClient client = cluster.client();
    String report = PodReport.of(client, launch.namespace(), launch.name(), 10);
    delete(launch.namespace(), launch.name(), 0);
    throw new InstanceStartException(
        spec.service(),
        "pod "
            + launch.name()
            + " of "
            + spec.service()
            + " "
            + spec.version()
            + ": "
            + failure
            + report);
  }

  @Override
  public Uni<Void> stop(Instance instance, Duration stopTimeout) {
    RunningPod pod = running.get(instance.id());
    if (pod == null) {
      instance.state(InstanceState.STOPPED);
      return Uni.createFrom().voidItem();
    }
    if (!pod.claimEnd()) {
      return Uni.createFrom().voidItem();
    }
    return blocking(
        () -> {
          long began = System.nanoTime();
          // The kubelet counts whole seconds; round up so the app gets at least its timeout.
          long seconds = Math.max(0, (stopTimeout.toMillis() + 999) / 1000);
          var gone = cluster.watch().await(pod.namespace(), pod.name(), PodOutcome::deleted);
          if (cluster.watch().pod(pod.namespace(), pod.name()).isEmpty()) {
            gone.complete(null); // not heard of any more: nothing to wait for
          }
          delete(pod.namespace(), pod.name(), seconds);
          try {
            gone.get(
                stopTimeout.plus(DELETE_SLACK).toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
          } catch (Exception notYet) {
            gone.cancel(false);
            LOG.warnf(
                "pod still terminating after its stop timeout id=%s pod=%s",
                instance.id(), pod.name());
          }
          pod.release();
          running.remove(instance.id(), pod);
          instance.state(InstanceState.STOPPED);
          LOG.infof(
              "instance stopped id=%s pod=%s tookMs=%d",
              instance.id(), pod.name(), (System.nanoTime() - began) / 1_000_000);
          return null;
        });
  }

  /** Deletes a pod with this grace; one already gone is fine. */
  private void delete(String namespace, String name, long graceSeconds) {
    try {
      cluster
          .client()
          .pods()
          .inNamespace(namespace)
          .withName(name)
          .withGracePeriod(graceSeconds)
          .delete();
    } catch (RuntimeException e) {
      LOG.warnf("pod not deleted pod=%s namespace=%s reason=%s", name, namespace, e.getMessage());
    }
  }

  /** A pod that ended or went without the gateway asking: reported like a crashed process. */
  private void exited(RunningPod pod, Optional<Pod> now) {
    if (!pod.claimEnd()) {
      return;
    }
    Instance instance = pod.instance();
    int exitCode = now.flatMap(PodState::exitCode).orElse(-1);
    pod.release();
    running.remove(instance.id(), pod);
    instance.state(InstanceState.STOPPED);
    LOG.warnf(
        "instance exited id=%s pod=%s service=%s version=%s state=%s exitCode=%d",
        instance.id(),
        pod.name(),
        instance.service(),
        instance.version(),
        now.map(PodState::summary).orElse("deleted"),
        exitCode);
    Runnable report =
        () -> {
          if (now.isPresent() && now.get().getMetadata().getDeletionTimestamp() == null) {
            delete(pod.namespace(), pod.name(), 0); // ended (evicted, failed): not left behind
          }
          pod.listener().onExit(instance, exitCode);
        };
    try {
      Infrastructure.getDefaultWorkerPool().execute(report);
    } catch (RejectedExecutionException e) {
      report.run();
    }
  }

  /**
   * Checks the API answers and the namespace's pods can be watched, before a release's first pod.
   */
  @Override
  public Uni<Void> prepare(InstanceSpec spec, Consumer<ImagePullProgress> progress) {
    return blocking(
        () -> {
          cluster.watched(spec.service(), spec.config().driver().kubernetes());
          return null;
        });
  }

  @Override
  public Uni<OneOffResult> runOnce(OneOffRun run) {
    return blocking(() -> new OneOffPod(cluster).run(run));
  }

  @Override
  public Uni<Void> restoreEnded(Map<String, Long> liveReleases) {
    if (!cluster.used()) {
      return Uni.createFrom().voidItem();
    }
    return blocking(
        () -> {
          new EndedPodSweep(cluster, heldPods()).sweep(liveReleases);
          return null;
        });
  }

  /** The pod behind an instance this driver runs: for diagnostics and tests. */
  public Optional<String> podName(Instance instance) {
    return Optional.ofNullable(running.get(instance.id())).map(RunningPod::name);
  }

  private Set<String> heldPods() {
    return running.values().stream().map(RunningPod::name).collect(Collectors.toSet());
  }

  void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
    close();
  }

  /**
   * Lets go of the API and of every pod it holds; the pods stay running for the next gateway to
   * adopt. The gateway's shutdown; tests call it to play a restart.
   */
  public void close() {
    running.values().forEach(RunningPod::release);
    if (!running.isEmpty()) {
      LOG.infof("pods left running for the next gateway count=%d", running.size());
    }
    running.clear();
    cluster.close();
  }

  private static <T> Uni<T> blocking(Supplier<T> call) {
    return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }
}
