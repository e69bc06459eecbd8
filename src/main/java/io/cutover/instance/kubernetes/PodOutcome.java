package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/** Where a wait on a pod ended: the pod as it then was, or why it never will get there. */
record PodOutcome(Pod pod, String failure) {

  static Optional<PodOutcome> reached(Pod pod) {
    return Optional.of(new PodOutcome(pod, null));
  }

  static Optional<PodOutcome> failed(String why) {
    return Optional.of(new PodOutcome(null, why));
  }

  boolean ok() {
    return failure == null;
  }

  /** An instance's start: Ready, or a hopeless wait, an end, a deletion. */
  static Optional<PodOutcome> started(Optional<Pod> seen) {
    if (seen.isEmpty()) {
      return failed("the pod was deleted before it was Ready");
    }
    Pod pod = seen.get();
    if (PodState.ready(pod)) {
      return reached(pod);
    }
    return PodState.startFailure(pod).flatMap(PodOutcome::failed);
  }

  /** A one-off pod: its end, or a wait that will not end. */
  static Optional<PodOutcome> ended(Optional<Pod> seen) {
    if (seen.isEmpty()) {
      return failed("the pod was deleted before it ended");
    }
    Pod pod = seen.get();
    if (PodState.ended(pod)) {
      return reached(pod);
    }
    return PodState.hopelessWait(pod).flatMap(PodOutcome::failed);
  }

  /** Gone: a stop is complete. */
  static Optional<PodOutcome> deleted(Optional<Pod> seen) {
    return seen.isEmpty() ? reached(null) : Optional.empty();
  }
}
