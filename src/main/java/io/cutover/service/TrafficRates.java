package io.cutover.service;

import io.cutover.instance.Instance;
import io.cutover.routing.Backend;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Requests per second and error rate of every running instance, sampled once a second from the
 * counters the proxy already keeps: nothing is added per request.
 *
 * <p>The sampler has a thread of its own so it never takes a turn on the event loops the proxy
 * serves on. An instance that leaves every pool leaves the samples at the next sweep.
 */
@ApplicationScoped
public class TrafficRates {
  static final int WINDOW_SECONDS = 10;
  private static final Logger LOG = Logger.getLogger(TrafficRates.class);

  private final Map<Backend, RateWindow> windows = new ConcurrentHashMap<>();
  private final LiveServices services;
  private final TrafficSeries series;
  private ScheduledExecutorService sampler;

  @Inject
  public TrafficRates(LiveServices services, TrafficSeries series) {
    this.services = services;
    this.series = series;
  }

  /** Outside CDI (plain tests): with a series of its own. */
  public TrafficRates(LiveServices services) {
    this(services, new TrafficSeries());
  }

  void start(@Observes StartupEvent event) {
    sampler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "cutover-traffic-rates");
              thread.setDaemon(true);
              return thread;
            });
    sampler.scheduleAtFixedRate(this::sampleSafely, 0, 1, TimeUnit.SECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }

  /** The rate of one instance; {@link TrafficRate#NONE} before its second sample. */
  public TrafficRate of(Instance instance) {
    RateWindow window = windows.get(instance.backend());
    return window == null ? TrafficRate.NONE : window.rate();
  }

  /** The summed rate of a pool's instances. */
  public TrafficRate of(InstancePool pool) {
    List<TrafficRate> rates = pool.instances().stream().map(this::of).toList();
    return TrafficRate.sum(rates);
  }

  private void sampleSafely() {
    try {
      long now = System.nanoTime();
      sample(now);
      series.sample(now, System.currentTimeMillis(), services.all().values());
    } catch (RuntimeException e) {
      // A failed sweep must not cancel the schedule (a thrown task is never run again).
      LOG.warnf(e, "traffic rates: one sample skipped");
    }
  }

  void sample(long atNanos) {
    Set<Backend> seen = new HashSet<>();
    for (LiveService service : services.all().values()) {
      for (InstancePool pool : service.pools()) {
        for (Instance instance : pool.instances()) {
          Backend backend = instance.backend();
          if (seen.add(backend)) {
            windows
                .computeIfAbsent(backend, b -> new RateWindow(WINDOW_SECONDS + 1))
                .add(atNanos, backend.requests(), backend.errors());
          }
        }
      }
    }
    windows.keySet().retainAll(seen);
  }
}
