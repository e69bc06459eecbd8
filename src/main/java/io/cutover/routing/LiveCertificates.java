package io.cutover.routing;

import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.X509KeyManager;

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
  // Each source's certificates by host (the files, ACME); published merged.
  private final Map<String, Map<String, X509KeyManager>> bySource = new LinkedHashMap<>();
  private final AcmeChallenges challenges = new AcmeChallenges();

  /** The ACME HTTP-01 challenges the plain port answers. */
  public AcmeChallenges challenges() {
    return challenges;
  }

  /**
   * Replaces one source's certificates by host and publishes every source's together; a host two
   * sources claim keeps the first source's (in the order sources first published).
   */
  public synchronized void publish(String source, Map<String, X509KeyManager> keysByHost) {
    bySource.put(source, Map.copyOf(keysByHost));
    Map<String, X509KeyManager> merged = new HashMap<>();
    bySource.values().forEach(keys -> keys.forEach(merged::putIfAbsent));
    set(new ServerCertificates(merged));
  }

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
