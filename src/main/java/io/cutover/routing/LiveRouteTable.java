package io.cutover.routing;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The routing table in force: one reference, read once per request, replaced whole. Writers never
 * block readers and readers never lock.
 */
@Singleton
public final class LiveRouteTable {
  private final AtomicReference<RouteTable> current = new AtomicReference<>(RouteTable.empty());
  private final List<Consumer<RouteTable>> listeners = new CopyOnWriteArrayList<>();

  public RouteTable current() {
    return current.get();
  }

  /**
   * Applies a change and swaps the result in. The change must be a pure function of the old table:
   * under contention it runs again on the newer one.
   */
  public RouteTable update(UnaryOperator<RouteTable> change) {
    RouteTable next = current.updateAndGet(change);
    for (Consumer<RouteTable> listener : listeners) {
      listener.accept(next);
    }
    return next;
  }

  /** Replaces one service's route, or adds it. */
  public RouteTable put(ServiceRoute route) {
    return update(table -> table.with(route));
  }

  /** Told after every swap; used to wake requests held for a service with no instance. */
  public Runnable onChange(Consumer<RouteTable> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
