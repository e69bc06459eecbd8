package io.cutover.routing;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The certificates in force on the TLS port: one reference, read at each handshake, replaced whole
 * when a service's certificate changes.
 */
@Singleton
public final class LiveCertificates {
  private final AtomicReference<ServerCertificates> current =
      new AtomicReference<>(ServerCertificates.NONE);
  private final List<Consumer<ServerCertificates>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ServerCertificates>> replacing = new CopyOnWriteArrayList<>();

  public ServerCertificates current() {
    return current.get();
  }

  public void set(ServerCertificates next) {
    ServerCertificates old = current.get();
    for (Consumer<ServerCertificates> listener : replacing) {
      listener.accept(old);
    }
    current.set(next);
    for (Consumer<ServerCertificates> listener : listeners) {
      listener.accept(next);
    }
  }

  /** Told after every change: the first certificate makes the TLS port listen. */
  public Runnable onChange(Consumer<ServerCertificates> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Told the table being replaced just before each change, so a handshake that chose from it can
   * still find what it chose.
   */
  public Runnable onReplacing(Consumer<ServerCertificates> listener) {
    replacing.add(listener);
    return () -> replacing.remove(listener);
  }
}
