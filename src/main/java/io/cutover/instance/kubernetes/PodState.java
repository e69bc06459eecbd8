package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What a pod's status says, as the kubelet and the scheduler report it. Pure. */
final class PodState {
  /** Waiting reasons that do not mend themselves while a start waits. */
  static final Set<String> HOPELESS =
      Set.of(
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CrashLoopBackOff",
          "CreateContainerConfigError",
          "CreateContainerError",
          "RunContainerError");

  private PodState() {}

  /** Ready: the kubelet's readiness verdict (the pod's readiness probe), with an address. */
  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getPodIP() != null
        && pod.getMetadata().getDeletionTimestamp() == null
        && condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static boolean ended(Pod pod) {
    String phase = phase(pod);
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getPhase() == null
        ? "Pending"
        : pod.getStatus().getPhase();
  }

  /** Why a pod that is still starting never will: a hopeless wait or its container's end. */
  static Optional<String> startFailure(Pod pod) {
    Optional<String> waiting = hopelessWait(pod);
    if (waiting.isPresent() || !ended(pod)) {
      return waiting;
    }
    return Optional.of(
        "its container exited with code "
            + exitCode(pod).map(String::valueOf).orElse("?")
            + " before the pod was Ready");
  }

  /** A container waiting for what will not come: an image that cannot be pulled, a crash loop. */
  static Optional<String> hopelessWait(Pod pod) {
    for (ContainerStatus status : containers(pod)) {
      ContainerStateWaiting waiting =
          status.getState() == null ? null : status.getState().getWaiting();
      if (waiting != null && HOPELESS.contains(waiting.getReason())) {
        return Optional.of(
            waiting.getReason()
                + (waiting.getMessage() == null ? "" : " (" + waiting.getMessage() + ")"));
      }
    }
    return Optional.empty();
  }

  /** The scheduler's word when no node can take the pod (yet). */
  static Optional<String> unschedulable(Pod pod) {
    return condition(pod, "PodScheduled")
        .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .map(c -> "Unschedulable" + (c.getMessage() == null ? "" : " (" + c.getMessage() + ")"));
  }

  /** Its container's exit code, from its end or its last end before a restart. */
  static Optional<Integer> exitCode(Pod pod) {
    for (ContainerStatus status : containers(pod)) {
      ContainerStateTerminated ended =
          status.getState() == null ? null : status.getState().getTerminated();
      if (ended == null && status.getLastState() != null) {
        ended = status.getLastState().getTerminated();
      }
      if (ended != null && ended.getExitCode() != null) {
        return Optional.of(ended.getExitCode());
      }
    }
    return Optional.empty();
  }

  /** A line for a message: phase, and the conditions that are not true. */
  static String summary(Pod pod) {
    StringBuilder text = new StringBuilder("phase ").append(phase(pod));
    if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
      for (PodCondition c : pod.getStatus().getConditions()) {
        if (!"True".equals(c.getStatus())) {
          text.append(", ").append(c.getType()).append(" ").append(c.getStatus());
          if (c.getReason() != null) {
            text.append(" (").append(c.getReason()).append(")");
          }
        }
      }
    }
    return text.toString();
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private static List<ContainerStatus> containers(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }
}
