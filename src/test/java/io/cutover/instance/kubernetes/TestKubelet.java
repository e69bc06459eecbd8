package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Does what a kubelet (and the scheduler) would for the mock API server, driven by a watch on pods:
 * a new pod gets its own loopback address (127.0.0.2, .3, ...; all of 127.0.0.0/8 is loopback on
 * Linux) as its podIP, a REAL HTTP server on that address and the pod's container port (answering
 * its {@code VERSION} on every path, the health path included), and only then Running and Ready. So
 * the gateway's health checks and proxy reach real servers at podIP:port, as in a cluster. A
 * deleted pod's server is closed.
 *
 * <p>Each pod runs as the demo app would ({@code deploy-tests/demo-app}), and fails as a cluster
 * reports it: an image of {@code registry.invalid/} cannot be pulled (ErrImagePull, then
 * ImagePullBackOff, with a Failed event); {@code FAULT_CRASH_AFTER} makes the app print its fault
 * and crash until the kubelet backs off (CrashLoopBackOff); a memory request above the one node's
 * {@value #NODE_MEMORY} cannot be scheduled (PodScheduled False, FailedScheduling event); {@code
 * FAULT_NEVER_HEALTHY=1} runs but is never Ready. A one-off pod ({@code restartPolicy: Never}) runs
 * {@code /bin/false} (exit 1, no output), {@code java -version} (exit 0), or with no args the app
 * itself, until it is deleted.
 */
public final class TestKubelet implements AutoCloseable {
  private final KubernetesClient client;
  private final Vertx vertx = Vertx.vertx();
  private final SharedIndexInformer<Pod> informer;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, HttpServer> servers = new ConcurrentHashMap<>();
  private final Map<String, String> logs = new ConcurrentHashMap<>();
  private final AtomicInteger nextAddress = new AtomicInteger();

  TestKubelet(KubernetesClient client) {
    this.client = client;
    this.informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    if (seen.add(key(pod))) {
                      vertx.executeBlocking(() -> run(pod), false);
                    }
                  }

                  @Override
                  public void onUpdate(Pod before, Pod pod) {}

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {
                    HttpServer server = servers.remove(key(pod));
                    if (server != null) {
                      server.close();
                    }
                  }
                });
  }

  /** The pod's output as {@code kubectl logs} gives it; null for a pod never run. */
  String log(String namespace, String pod) {
    return logs.get(namespace + "/" + pod);
  }

  /** The pods whose servers run now. */
  public int serving() {
    return servers.size();
  }

  static final String NODE_MEMORY = "8Gi";

  private Void run(Pod pod) throws Exception {
    Container container = pod.getSpec().getContainers().get(0);
    String image = container.getImage();
    String version = env(container, "VERSION");
    if (tooLarge(container)) {
      status(pod, "Pending", null, List.of(scheduled("False", "Unschedulable", UNSCHEDULABLE)));
      event(pod, "FailedScheduling", UNSCHEDULABLE);
    } else if (image.startsWith("registry.invalid/")) {
      String pull = "Failed to pull image \"" + image + "\": manifest unknown";
      event(pod, "Failed", pull);
      waiting(pod, "ErrImagePull", pull, 0);
      waiting(pod, "ImagePullBackOff", "Back-off pulling image \"" + image + "\"", 0);
    } else if ("Never".equals(pod.getSpec().getRestartPolicy())) {
      oneOff(pod, container);
    } else if (!env(container, "FAULT_CRASH_AFTER").isEmpty()) {
      logs.put(
          key(pod),
          "demo-app fault crash-after="
              + env(container, "FAULT_CRASH_AFTER")
              + "\ndemo-app crashing as asked\n");
      event(pod, "BackOff", "Back-off restarting failed container app in pod " + name(pod));
      waiting(pod, "CrashLoopBackOff", "back-off 10s restarting failed container", 3);
    } else {
      String address = address();
      int port = container.getPorts().get(0).getContainerPort();
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(request -> request.response().end(version))
              .listen(port, address)
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      servers.put(key(pod), server);
      logs.put(key(pod), "listening on " + address + ":" + port + " version " + version + "\n");
      boolean ready = !env(container, "FAULT_NEVER_HEALTHY").equals("1");
      status(
          pod,
          "Running",
          address,
          List.of(scheduled("True", null, null), condition("Ready", ready ? "True" : "False")),
          new ContainerStatusBuilder()
              .withName(container.getName())
              .withReady(ready)
              .withRestartCount(0)
              .withNewState()
              .withNewRunning()
              .withStartedAt(Instant.now().toString())
              .endRunning()
              .endState()
              .build());
    }
    return null;
  }

  private void oneOff(Pod pod, Container container) {
    List<String> args = container.getArgs() == null ? List.of() : container.getArgs();
    if (args.isEmpty()) { // the app itself: it serves until it is deleted
      status(pod, "Running", address(), List.of(scheduled("True", null, null)));
      return;
    }
    int code = args.get(0).equals("/bin/false") ? 1 : 0;
    if (args.equals(List.of("java", "-version"))) {
      logs.put(key(pod), "openjdk version \"17\" (test kubelet)\n");
    }
    status(
        pod,
        code == 0 ? "Succeeded" : "Failed",
        null,
        List.of(scheduled("True", null, null)),
        new ContainerStatusBuilder()
            .withName(container.getName())
            .withNewState()
            .withNewTerminated()
            .withExitCode(code)
            .withReason(code == 0 ? "Completed" : "Error")
            .endTerminated()
            .endState()
            .build());
  }

  private static final String UNSCHEDULABLE =
      "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available";

  private static boolean tooLarge(Container container) {
    var requests = container.getResources() == null ? null : container.getResources().getRequests();
    if (requests == null || !requests.containsKey("memory")) {
      return false;
    }
    return io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(requests.get("memory"))
            .compareTo(
                io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(
                    new io.fabric8.kubernetes.api.model.Quantity(NODE_MEMORY)))
        > 0;
  }

  private void waiting(Pod pod, String reason, String message, int restarts) {
    status(
        pod,
        restarts > 0 ? "Running" : "Pending",
        restarts > 0 ? address() : null,
        List.of(scheduled("True", null, null), condition("Ready", "False")),
        new ContainerStatusBuilder()
            .withName(PodRequest.CONTAINER)
            .withReady(false)
            .withRestartCount(restarts)
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(restarts > 0 ? 1 : null)
            .endTerminated()
            .endLastState()
            .build());
  }

  private void status(
      Pod pod, String phase, String podIp, List<PodCondition> conditions, ContainerStatus... c) {
    PodStatus status =
        new PodStatusBuilder()
            .withPhase(phase)
            .withPodIP(podIp)
            .withConditions(conditions)
            .withContainerStatuses(c)
            .build();
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(name(pod))
        .editStatus(
            p -> new io.fabric8.kubernetes.api.model.PodBuilder(p).withStatus(status).build());
  }

  private void event(Pod pod, String reason, String message) {
    client
        .v1()
        .events()
        .inNamespace(pod.getMetadata().getNamespace())
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name(pod) + "." + Long.toHexString(System.nanoTime()))
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(name(pod))
                .withNamespace(pod.getMetadata().getNamespace())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(reason)
                .withMessage(message)
                .withLastTimestamp(Instant.now().toString())
                .build())
        .create();
  }

  private static PodCondition scheduled(String status, String reason, String message) {
    return new PodConditionBuilder()
        .withType("PodScheduled")
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static PodCondition condition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).build();
  }

  /** 127.0.0.2, 127.0.0.3, ... then 127.0.1.2: a loopback address per pod. */
  private String address() {
    int n = nextAddress.getAndIncrement();
    return "127.0." + (n / 250) + "." + (n % 250 + 2);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse("");
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + name(pod);
  }

  @Override
  public void close() {
    informer.stop();
    client.close();
    vertx.close();
  }
}
