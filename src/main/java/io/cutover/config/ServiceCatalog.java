package io.cutover.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The services in force, one per file of {@code cutover.services-dir}. Loaded at start, reloaded
 * when a file changes and on {@code POST /api/v1/services/reload}. A refused file leaves its
 * service on its previous good config; a deleted file removes the service. Changes are announced to
 * every {@link ServiceCatalogListener} bean.
 */
@ApplicationScoped
public class ServiceCatalog {
  private static final Logger LOG = Logger.getLogger(ServiceCatalog.class);

  private final CutoverConfig config;
  private final Instance<ServiceCatalogListener> listeners;
  private final ServicesFolder folder;
  // One reload at a time (watch thread and API), so listeners hear changes in order.
  private final ReentrantLock reloading = new ReentrantLock();
  private volatile CatalogState state = CatalogState.EMPTY;
  private volatile ServicesFolderWatch watch;
  // When services/ was first read: the gateway is not ready before (it knows no route).
  private volatile Instant loadedAt;

  ServiceCatalog(
      CutoverConfig config,
      Instance<ServiceCatalogListener> listeners,
      KnownStrategies strategies,
      KnownEvents events) {
    this.config = config;
    this.listeners = listeners;
    // A service may name any strategy plugin on the classpath, and no other.
    this.folder =
        new ServicesFolder(
            config.servicesDir(),
            new ServiceConfigParser(strategies.names(), events, System::getenv));
  }

  // Before other start observers (default priority), so they find the services loaded.
  void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
    watch = new ServicesFolderWatch(folder.dir(), config.servicesScanInterval(), this::reload);
    reload();
    if (loadedAt == null) {
      loadedAt = Instant.now();
    }
    watch.start();
  }

  void onStop(@Observes ShutdownEvent event) {
    if (watch != null) {
      watch.close();
    }
  }

  /** When the service files were first loaded; empty while pending. */
  public Optional<Instant> loadedAt() {
    return Optional.ofNullable(loadedAt);
  }

  public Map<String, ServiceConfig> services() {
    return state.services();
  }

  public Optional<ServiceConfig> service(String name) {
    return Optional.ofNullable(state.services().get(name));
  }

  /** Why files were refused in the last reload; empty when every file is in force. */
  public List<ConfigProblem> problems() {
    return state.problems();
  }

  public CatalogState state() {
    return state;
  }

  /** Re-reads every file, swaps in the result and tells the listeners what changed. */
  public CatalogChange reload() {
    reloading.lock();
    try {
      CatalogState before = state;
      CatalogState after = read(before);
      state = after;
      logRefusals(before, after);
      return announce(before, after);
    } finally {
      reloading.unlock();
    }
  }

  private CatalogState read(CatalogState before) {
    if (watch != null) {
      watch.loaded();
    }
    try {
      return CatalogReload.next(before, folder.read());
    } catch (IOException e) {
      // A folder that vanished (an unmounted volume?) must not stop every service: keep them.
      String dir = folder.dir().toString();
      ConfigProblem problem =
          new ConfigProblem(
              dir,
              "",
              null,
              "the services folder cannot be read ("
                  + e.getClass().getSimpleName()
                  + "): create it or set cutover.services-dir; services keep their config");
      return new CatalogState(
          before.services(), Map.of(dir, new RefusedFile(dir, null, true, List.of(problem))));
    }
  }

  /** Logs each refusal once, when it first appears or changes, and when it is gone. */
  private void logRefusals(CatalogState before, CatalogState after) {
    for (RefusedFile refusal : after.refused().values()) {
      if (refusal.equals(before.refused().get(refusal.file()))) {
        continue;
      }
      if (refusal.service() == null) {
        LOG.warnf(
            "services folder unreadable dir=%s problem=\"%s\"",
            refusal.file(), refusal.problems().get(0).reason());
        continue;
      }
      for (ConfigProblem problem : refusal.problems()) {
        LOG.warnf(
            "service config refused file=%s service=%s keptPrevious=%s problem=\"%s\"",
            refusal.file(), refusal.service(), refusal.keptPrevious(), problem.detail());
      }
    }
    for (String file : before.refused().keySet()) {
      if (!after.refused().containsKey(file)) {
        LOG.infof("service config refusal cleared file=%s", file);
      }
    }
  }

  private CatalogChange announce(CatalogState before, CatalogState after) {
    Map<String, ServiceConfig> old = before.services();
    Map<String, ServiceConfig> now = after.services();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    old.keySet().stream().filter(name -> !now.containsKey(name)).forEach(removed::add);
    now.forEach(
        (name, config) -> {
          if (!old.containsKey(name)) {
            added.add(name);
          } else if (!Objects.equals(old.get(name), config)) {
            changed.add(name);
          }
        });
    for (String name : removed) {
      LOG.infof("service removed service=%s", name);
      tell(listener -> listener.onServiceRemoved(old.get(name)), name);
    }
    for (String name : changed) {
      LOG.infof("service config changed service=%s", name);
      tell(listener -> listener.onServiceChanged(old.get(name), now.get(name)), name);
    }
    for (String name : added) {
      LOG.infof("service config loaded service=%s hosts=%s", name, now.get(name).routes().hosts());
      tell(listener -> listener.onServiceChanged(null, now.get(name)), name);
    }
    return new CatalogChange(after, added, changed, removed);
  }

  private void tell(Consumer<ServiceCatalogListener> event, String service) {
    for (ServiceCatalogListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        LOG.errorf(
            e, "service listener failed service=%s listener=%s", service, listener.getClass());
      }
    }
  }
}
