package io.cutover.deploy;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The one release each service may have in flight. A service's slot is taken before its release row
 * is written ({@link Recording}: no id to name yet), then holds the {@link Running} rollout until
 * it has ended.
 */
@ApplicationScoped
class RunningReleases {
  /** What holds a service's slot. */
  sealed interface Slot permits Recording, Running {}

  /** The release row is being written; nothing runs yet, nothing can be aborted. */
  record Recording() implements Slot {}

  record Running(Rollout rollout) implements Slot {}

  private final Map<String, Slot> slots = new ConcurrentHashMap<>();

  /** Takes the service's slot for a release being recorded; the slot's holder if it was taken. */
  Optional<Slot> hold(String service) {
    return Optional.ofNullable(slots.putIfAbsent(service, new Recording()));
  }

  /** The recorded release runs as {@code rollout}. */
  void run(String service, Rollout rollout) {
    slots.put(service, new Running(rollout));
  }

  /** Lets go of a slot held for a release that will not run (not recorded, could not plan). */
  void release(String service) {
    slots.remove(service);
  }

  /** Lets go of the service's slot if {@code rollout} still holds it. */
  void ended(String service, Rollout rollout) {
    slots.remove(service, new Running(rollout));
  }

  /** The service's running rollout; none while its release is still being recorded. */
  Optional<Rollout> rollout(String service) {
    return slots.get(service) instanceof Running running
        ? Optional.of(running.rollout())
        : Optional.empty();
  }

  Optional<Rollout> find(long releaseId) {
    return slots.values().stream()
        .flatMap(slot -> slot instanceof Running r ? Stream.of(r.rollout()) : Stream.empty())
        .filter(r -> r.releaseId() == releaseId)
        .findFirst();
  }
}
