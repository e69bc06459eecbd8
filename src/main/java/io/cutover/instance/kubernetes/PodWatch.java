package io.cutover.instance.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One informer (a list, then a watch the client keeps open and resumes) per namespace over the pods
 * with Cutover's labels: the driver's only source of pod state. Waiters and exit listeners hear of
 * a pod's changes as the API server sends them; nothing polls.
 */
final class PodWatch implements AutoCloseable {

  /** Hears every change of one pod; {@code pod} is empty once it is deleted. */
  interface PodListener {
    void changed(Optional<Pod> pod);
  }

  private final KubernetesClient client;
  private final Map<String, SharedIndexInformer<Pod>> informers = new ConcurrentHashMap<>();
  private final Map<String, Set<PodListener>> listeners = new ConcurrentHashMap<>();

  PodWatch(KubernetesClient client) {
    this.client = client;
  }

  /** Starts the namespace's watch unless it runs; returns once its first list is in. Blocking. */
  void watch(String namespace, Duration timeout) {
    SharedIndexInformer<Pod> informer =
        informers.computeIfAbsent(
            namespace,
            ns -> {
              SharedIndexInformer<Pod> created =
                  client.pods().inNamespace(ns).withLabel(PodLabels.SERVICE).runnableInformer(0);
              created.addEventHandler(new Dispatch());
              return created;
            });
    try {
      informer.start().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      informers.remove(namespace, informer);
      informer.stop();
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } catch (TimeoutException e) {
      informers.remove(namespace, informer);
      informer.stop();
      throw new IllegalStateException(
          "the pods of namespace " + namespace + " could not be listed within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Set<String> namespaces() {
    return Set.copyOf(informers.keySet());
  }

  /** The pods of a watched namespace as last heard. */
  List<Pod> pods(String namespace) {
    SharedIndexInformer<Pod> informer = informers.get(namespace);
    return informer == null ? List.of() : informer.getStore().list();
  }

  Optional<Pod> pod(String namespace, String name) {
    SharedIndexInformer<Pod> informer = informers.get(namespace);
    return informer == null
        ? Optional.empty()
        : Optional.ofNullable(informer.getStore().getByKey(namespace + "/" + name));
  }

  /** Tells {@code listener} of each change of the pod until the returned handle is run. */
  Runnable listen(String namespace, String name, PodListener listener) {
    String key = namespace + "/" + name;
    listeners.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(listener);
    return () ->
        listeners.computeIfPresent(
            key, (k, set) -> set.remove(listener) && set.isEmpty() ? null : set);
  }

  /**
   * Completes with the first value {@code judge} gives for the pod's state: now, or at a later
   * change (an empty pod: it was deleted). The caller bounds the wait.
   */
  <T> CompletableFuture<T> await(
      String namespace, String name, Function<Optional<Pod>, Optional<T>> judge) {
    CompletableFuture<T> result = new CompletableFuture<>();
    PodListener listener =
        pod -> {
          if (!result.isDone()) {
            try {
              judge.apply(pod).ifPresent(result::complete);
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }
        };
    Runnable stop = listen(namespace, name, listener);
    result.whenComplete((value, error) -> stop.run());
    // What the watch heard before the listener was in; a pod not heard of yet is not "deleted".
    pod(namespace, name).ifPresent(pod -> listener.changed(Optional.of(pod)));
    return result;
  }

  private void tell(Pod pod, boolean deleted) {
    Set<PodListener> set =
        listeners.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    if (set != null) {
      Optional<Pod> now = deleted ? Optional.empty() : Optional.of(pod);
      set.forEach(listener -> listener.changed(now));
    }
  }

  @Override
  public void close() {
    informers.values().forEach(SharedIndexInformer::stop);
    informers.clear();
  }

  private final class Dispatch implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      tell(pod, false);
    }

    @Override
    public void onUpdate(Pod before, Pod pod) {
      tell(pod, false);
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      tell(pod, true);
    }
  }
}
