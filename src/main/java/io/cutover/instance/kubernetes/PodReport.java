package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a failure message quotes of a pod: its last events (the scheduler's and the kubelet's words:
 * FailedScheduling, Failed pulling, BackOff) and its last log lines. Read once, when a start or a
 * release command fails; an unreadable part is said, never fatal. Blocking.
 */
final class PodReport {
  private static final int EVENTS = 5;

  private PodReport() {}

  /** {@code "; events: ...; last log lines:\n..."}, or what of it there is. */
  static String of(KubernetesClient client, String namespace, String pod, int lines) {
    String events = events(client, namespace, pod);
    String logs = lastLines(client, namespace, pod, lines);
    return (events.isBlank() ? "" : "; events: " + events)
        + (logs.isBlank() ? "" : "; last log lines:\n" + logs);
  }

  static String events(KubernetesClient client, String namespace, String pod) {
    try {
      List<Event> events =
          client
              .v1()
              .events()
              .inNamespace(namespace)
              .withField("involvedObject.name", pod)
              .list()
              .getItems();
      if (events.isEmpty()) {
        // An API server that ignores or refuses this field selector: filter here instead.
        events = client.v1().events().inNamespace(namespace).list().getItems();
      }
      return events.stream()
          .filter(e -> e.getInvolvedObject() != null)
          .filter(e -> pod.equals(e.getInvolvedObject().getName()))
          .filter(e -> !"Normal".equals(e.getType()))
          .sorted(Comparator.comparing(PodReport::when))
          .skip(Math.max(0, events.size() - EVENTS))
          .map(e -> e.getReason() + ": " + e.getMessage())
          .distinct()
          .collect(Collectors.joining("; "));
    } catch (RuntimeException e) {
      return "(events unreadable: " + e.getMessage() + ")";
    }
  }

  static String lastLines(KubernetesClient client, String namespace, String pod, int lines) {
    try {
      String log =
          client
              .pods()
              .inNamespace(namespace)
              .withName(pod)
              .inContainer(PodRequest.CONTAINER)
              .tailingLines(lines)
              .getLog();
      return log == null ? "" : log.stripTrailing();
    } catch (RuntimeException e) {
      // A pod that never ran has no log: its events say why.
      return "";
    }
  }

  private static String when(Event e) {
    String t = e.getLastTimestamp() != null ? e.getLastTimestamp() : e.getFirstTimestamp();
    return t == null ? "" : t;
  }
}
