package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a Kubernetes cluster, which cannot run on this machine (no kube-apiserver or
 * kubelet package can be had here): fabric8's API server mock in CRUD mode, with watches, plus a
 * {@link TestKubelet} that runs each pod as a real loopback HTTP server and reports its phase and
 * readiness as a kubelet would. Pod logs ({@code pods/x/log}) are the kubelet's lines for the pod.
 *
 * <p>One per test JVM: the gateway's client is made once, on first use, and keeps its address.
 */
public final class MockCluster implements TestCluster {
  private static MockCluster shared;

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final TestKubelet kubelet;

  private MockCluster() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    TestKubelet[] logs = new TestKubelet[1];
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new LogsAndCrud(responses, ns -> logs[0]),
            false);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    client = server.createClient();
    kubelet = new TestKubelet(server.createClient());
    logs[0] = kubelet;
  }

  /**
   * The JVM's mock cluster, started on first call; the gateway's client (made by the Quarkus
   * extension through fabric8's auto-configuration) is pointed at it by system properties.
   */
  public static synchronized MockCluster shared() {
    if (shared == null) {
      shared = new MockCluster();
      System.setProperty("kubernetes.master", shared.url());
      System.setProperty("kubernetes.auth.tryKubeConfig", "false");
      System.setProperty("kubernetes.auth.tryServiceAccount", "false");
      // The namespace of the mock's own clients, so the tests and the gateway see the same pods.
      System.setProperty("kubernetes.namespace", shared.client.getNamespace());
      MockCluster cluster = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    cluster.kubelet.close();
                    cluster.server.destroy();
                  }));
    }
    return shared;
  }

  /** A cluster of its own, for a test that must not share one. */
  public static MockCluster start() {
    return new MockCluster();
  }

  @Override
  public String image() {
    return "registry.example/demo:${VERSION}";
  }

  @Override
  public java.time.Duration startupTimeout() {
    return java.time.Duration.ofSeconds(15);
  }

  @Override
  public String describe() {
    return "fabric8's API server mock at " + url() + " with the test kubelet";
  }

  public String url() {
    return client.getMasterUrl().toString();
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public KubernetesClient newClient() {
    return server.createClient();
  }

  public TestKubelet kubelet() {
    return kubelet;
  }

  @Override
  public void close() {
    if (this == shared) {
      return; // the JVM's: closed at its exit
    }
    kubelet.close();
    client.close();
    server.destroy();
  }

  /** The mock's CRUD and expectations, plus each pod's log as the test kubelet has it. */
  private static final class LogsAndCrud extends KubernetesMixedDispatcher {
    private static final Pattern LOG =
        Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/log(\\?.*)?");
    private final java.util.function.Function<String, TestKubelet> kubelet;

    LogsAndCrud(
        Map<ServerRequest, Queue<ServerResponse>> responses,
        java.util.function.Function<String, TestKubelet> kubelet) {
      super(responses);
      this.kubelet = kubelet;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Matcher log = LOG.matcher(request.getPath());
      if (log.matches()) {
        String lines = kubelet.apply(log.group(1)).log(log.group(1), log.group(2));
        return lines == null
            ? new MockResponse().setResponseCode(404).setBody("{}")
            // The mock ends a log stream by closing its connection (a cluster keeps a followed
            // stream open while the pod runs): say so, or the client pools a closing connection.
            : new MockResponse()
                .setResponseCode(200)
                .setHeader("Connection", "close")
                .setBody(lines);
      }
      return super.dispatch(request);
    }
  }
}
