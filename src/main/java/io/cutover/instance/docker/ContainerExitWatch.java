package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Notices containers that ended on their own: one list call per engine a second (not a stream per
 * container), on its own thread. What it finds goes to {@code exited}.
 */
final class ContainerExitWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ContainerExitWatch.class);
  private static final long PERIOD_MS = 1000;
  private static final java.util.Set<String> ALIVE =
      java.util.Set.of("created", "running", "paused", "restarting");

  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "cutover-docker-exit-watch");
            thread.setDaemon(true);
            return thread;
          });
  private final DockerEngines engines;
  private final Supplier<Collection<RunningContainer>> running;
  private final Consumer<RunningContainer> exited;

  ContainerExitWatch(
      DockerEngines engines,
      Supplier<Collection<RunningContainer>> running,
      Consumer<RunningContainer> exited) {
    this.engines = engines;
    this.running = running;
    this.exited = exited;
    timer.scheduleWithFixedDelay(this::check, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private void check() {
    Map<String, List<RunningContainer>> byHost = new HashMap<>();
    for (RunningContainer c : running.get()) {
      if (!c.stopRequested()) {
        byHost.computeIfAbsent(c.host(), h -> new java.util.ArrayList<>()).add(c);
      }
    }
    byHost.forEach(this::check);
  }

  private void check(String host, List<RunningContainer> watched) {
    Map<String, String> stateById = new HashMap<>();
    try {
      DockerClient docker = engines.client(host);
      for (Container c :
          docker
              .listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(List.of(ContainerLabels.SERVICE))
              .exec()) {
        stateById.put(c.getId(), c.getState());
      }
    } catch (RuntimeException e) {
      // The engine did not answer this time: the HTTP health checks still judge the instances.
      LOG.debugf("containers not listed host=%s reason=%s", host, e.getMessage());
      return;
    }
    for (RunningContainer c : watched) {
      String state = stateById.get(c.containerId());
      if (state == null || !ALIVE.contains(state)) {
        exited.accept(c);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
