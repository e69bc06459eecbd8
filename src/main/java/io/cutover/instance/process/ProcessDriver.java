package io.cutover.instance.process;

import io.cutover.config.DataDir;
import io.cutover.instance.GatewayStoppingException;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceDriver;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceId;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.InstanceState;
import io.cutover.instance.LogTail;
import io.cutover.instance.LoopbackPorts;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.instance.Placeholders;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The embedded default driver: one local process per instance, started from {@code driver.command},
 * listening on a loopback port this driver picked ({@code PORT}).
 *
 * <p>An instance gets a minimal environment, never the gateway's ({@link InstanceEnvironment}).
 * Output goes to {@code <data-dir>/logs/<service>/<instance-id>.log}, kept under its {@link
 * LogLimit}, and the instance's {@link LogTail}. A process that exits on its own is reported to the
 * listener at once; one the gateway stopped is not. Each running one is recorded under {@code
 * <data-dir>/instances/} with its pid, start time, port and release.
 *
 * <p>With {@code cutover.process.outlive-gateway} (the default), a process runs in a session of its
 * own and outlives the gateway, so a gateway restart is no outage: the next gateway adopts the live
 * release's processes ({@link ProcessAdoption}) and stops those of releases that are over once its
 * restore has run ({@link #restoreEnded}). Without it (tests), every process still running when the
 * gateway shuts down is stopped, and the next gateway stops those a killed one left ({@link
 * OrphanSweep}). Spawning and killing run on worker threads, never on an event loop.
 */
@ApplicationScoped
public class ProcessDriver implements InstanceDriver {
  private static final Logger LOG = Logger.getLogger(ProcessDriver.class);
  private static final int TAIL_LINES = 200;
  private static final String HOST = "127.0.0.1";

  private final Path logRoot;

  private final Map<String, String> gatewayEnv;
  private final LogLimit logLimit;
  private final InstanceRecords records;
  private final boolean outlive;

  /** The orphans of a killed gateway stopped: every start waits for it. */
  private final CompletableFuture<Void> sweep;

  private final LoopbackPorts ports = new LoopbackPorts();
  private final Map<String, LocalProcess> running = new ConcurrentHashMap<>();
  private final Thread lastResort;
  private volatile boolean closed;

  @Inject
  ProcessDriver(
      @ConfigProperty(name = DataDir.KEY, defaultValue = DataDir.DEFAULT) String dataDir,
      // An instance's log file is rotated at this size: <id>.log.1, and so on.
      @ConfigProperty(name = "cutover.process.log-max-size", defaultValue = "10M")
          MemorySize logMaxSize,
      // Rotated log files kept per instance; 0 keeps none (the file is only emptied).
      @ConfigProperty(name = "cutover.process.log-rotations", defaultValue = "1") int logRotations,
      // Per service, the logs of this many ended instances are kept; running ones' always are.
      @ConfigProperty(name = "cutover.process.logs-kept", defaultValue = "20") int logsKept,
      // Instances outlive the gateway and the next one adopts them: a restart is no outage.
      @ConfigProperty(name = "cutover.process.outlive-gateway", defaultValue = "true")
          boolean outlive) {
    this(
        DataDir.expand(dataDir),
        System.getenv(),
        new LogLimit(logMaxSize.asLongValue(), logRotations, logsKept),
        outlive);
  }

  public ProcessDriver(Path dataDir) {
    this(dataDir, false);
  }

  /**
   * @param outlive whether its instances outlive it, for the next driver on this data dir to adopt
   */
  public ProcessDriver(Path dataDir, boolean outlive) {
    this(dataDir, System.getenv(), LogLimit.DEFAULT, outlive);
  }

  ProcessDriver(Path dataDir, Map<String, String> gatewayEnv, LogLimit logLimit) {
    this(dataDir, gatewayEnv, logLimit, false);
  }

  /**
   * @param gatewayEnv what instances inherit from ({@link InstanceEnvironment}): the JVM's
   */
  ProcessDriver(Path dataDir, Map<String, String> gatewayEnv, LogLimit logLimit, boolean outlive) {
    this.outlive = outlive;
    this.logRoot = dataDir.toAbsolutePath().resolve("logs");
    this.logLimit = logLimit;
    this.gatewayEnv = Map.copyOf(gatewayEnv);
    this.records = new InstanceRecords(dataDir.toAbsolutePath().resolve("instances"));
    this.lastResort = lastResort(this::shutdownNow);
    // Made while the JVM already shuts down (a SIGTERM during boot): start nothing, quietly.
    this.closed = lastResort == null;
    // Outliving instances are adopted or stopped after the restore (restoreEnded), not before.
    this.sweep =
        closed || outlive
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(this::stopOrphans, ProcessDriver::sweeper);
  }

  private static void sweeper(Runnable task) {
    Thread thread = new Thread(task, "instance-orphan-sweep");
    thread.setDaemon(true);
    thread.start();
  }

  private void stopOrphans() {
    try {
      int stopped = new OrphanSweep(records).run();
      if (stopped > 0) {
        LOG.infof("orphan instances stopped count=%d dir=%s", stopped, records.dir());
      }
    } catch (RuntimeException e) {
      LOG.warnf("orphan instances not swept dir=%s reason=%s", records.dir(), e.toString());
    }
  }

  /**
   * The last resort when the JVM exits without a CDI shutdown (kill -TERM of a plain main, tests);
   * null when the JVM already shuts down and takes no more hooks.
   */
  private static Thread lastResort(Runnable shutdown) {
    Thread hook = new Thread(shutdown, "cutover-process-driver-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return hook;
    } catch (IllegalStateException shutdownInProgress) {
      return null;
    }
  }

  @Override
  public String type() {
    return "process";
  }

  /**
   * Starts the process. The listener may hear of its exit even before the returned Uni completes,
   * when the command dies at once.
   */
  @Override
  public Uni<Instance> start(InstanceSpec spec, InstanceExitListener listener) {
    return Uni.createFrom()
        .completionStage(() -> sweep)
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .map(swept -> launch(spec, listener));
  }

  /** Waits until the orphans of a killed gateway are stopped: for tests. */
  void awaitSwept() {
    sweep.join();
  }

  /** Where this driver keeps the records of its running instances. */
  Path recordsDir() {
    return records.dir();
  }

  @Override
  public Uni<Void> stop(Instance instance, Duration stopTimeout) {
    LocalProcess local = running.get(instance.id());
    if (local == null) {
      instance.state(InstanceState.STOPPED);
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom()
        .completionStage(() -> local.stop(stopTimeout))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** The release command as a local process, on a worker thread. */
  @Override
  public Uni<OneOffResult> runOnce(OneOffRun run) {
    return Uni.createFrom()
        .item(() -> OneOffProcess.run(run, ports.next(), gatewayEnv))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /**
   * The running process behind an instance this driver started, while it runs: for diagnostics and
   * tests; empty for an adopted one (see {@link #pid}).
   */
  public Optional<Process> process(Instance instance) {
    return Optional.ofNullable(running.get(instance.id())).map(LocalProcess::process);
  }

  /** The pid of an instance this driver runs, started or adopted. */
  public OptionalLong pid(Instance instance) {
    LocalProcess local = running.get(instance.id());
    return local == null ? OptionalLong.empty() : OptionalLong.of(local.pid());
  }

  /**
   * Once the restore ran: the recorded instances this gateway did not adopt are over (an ended
   * release's, or one that failed its check), and are stopped. Those of another gateway still
   * running on this data dir are left to it while they belong to a live release.
   */
  @Override
  public Uni<Void> restoreEnded(Map<String, Long> liveReleases) {
    if (!outlive) {
      return Uni.createFrom().voidItem();
    }
    return Uni.createFrom()
        .item(
            () -> {
              int stopped =
                  new OrphanSweep(records)
                      .run(
                          record ->
                              !running.containsKey(record.id())
                                  && !record.ownedBySelf()
                                  && (!record.ownerRunning()
                                      || !Long.valueOf(record.releaseId())
                                          .equals(liveReleases.get(record.service()))));
              if (stopped > 0) {
                LOG.infof("ended instances stopped count=%d dir=%s", stopped, records.dir());
              }
              return (Void) null;
            })
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
  }

  /** The log file of an instance this driver started. */
  public Path logFile(Instance instance) {
    return logFile(instance.service(), instance.id());
  }

  /** Stops every running process (each with its service's stop timeout); new starts still work. */
  public CompletableFuture<Void> stopAll() {
    return CompletableFuture.allOf(
        running.values().stream()
            .map(local -> local.stop(local.stopTimeout()))
            .toArray(CompletableFuture<?>[]::new));
  }

  /** Refuses new starts and stops every process it started, waiting until they are gone. */
  public void shutdown() {
    shutdownNow();
    if (lastResort == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(lastResort);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook is running or ran
    }
  }

  // IF_EXISTS: a gateway stopped before it used the driver must not make one just to stop it.
  // Made at boot, so a killed gateway's orphans stop even before any process service deploys.
  void onStart(@Observes StartupEvent event) {
    LOG.debugf("process driver ready records=%s", records.dir());
  }

  void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
    shutdown();
  }

  @PreDestroy
  void destroy() {
    shutdown();
  }

  private void shutdownNow() {
    boolean first = !closed;
    closed = true;
    int count = running.size();
    if (outlive) {
      // Their records stay: the next gateway adopts the live ones and stops the rest.
      running.values().forEach(local -> local.output().finish());
      if (count > 0 && first) {
        LOG.infof("instances left running for the next gateway count=%d", count);
      }
      return;
    }
    if (count > 0 && first) { // the JVM's hook and the gateway's shutdown may both come
      LOG.infof("instances stopping on shutdown count=%d", count);
    }
    stopAll().join();
  }

  private Instance launch(InstanceSpec spec, InstanceExitListener listener) {
    if (closed) {
      throw new GatewayStoppingException(spec.service());
    }
    if (outlive) {
      Optional<ProcessAdoption.Found> found =
          new ProcessAdoption(records).find(spec, HOST, running.keySet());
      if (found.isPresent()) {
        return adopt(spec, found.get(), listener);
      }
    }
    int port = ports.next();
    String id = InstanceId.next(spec.service(), spec.version(), spec.index());
    ProcessCommand command =
        ProcessCommand.of(spec, new Placeholders(spec.version(), port, spec.index()), gatewayEnv);
    Path logFile = logFile(spec.service(), id);
    ProcessOutput output;
    try {
      output = ProcessOutput.create(logFile, TAIL_LINES, logLimit);
    } catch (IOException e) {
      throw new InstanceStartException(
          spec.service(), "cannot write the log file " + logFile + ": " + e, e);
    }
    LogFolder.prune(logFile.getParent(), runningIds(logFile), logLimit.endedKept());
    Process process;
    try {
      process = command.start(output);
    } catch (InstanceStartException e) {
      output.finish();
      throw e;
    }
    Instance instance =
        new Instance(id, spec.service(), spec.version(), spec.index(), HOST, port, output.tail());
    Duration stopTimeout = spec.config().drain().stopTimeout();
    LocalProcess local =
        new LocalProcess(instance, process, output, stopTimeout, () -> records.remove(id));
    running.put(id, local);
    records.writeFor(instance, process, stopTimeout, spec.releaseId());
    output.follow(id);
    process.onExit().thenRun(() -> exited(local, listener));
    LOG.infof(
        "instance started id=%s service=%s version=%s pid=%d port=%d",
        id, spec.service(), spec.version(), process.pid(), port);
    return stoppedIfClosing(local, spec);
  }

  private Instance adopt(
      InstanceSpec spec, ProcessAdoption.Found found, InstanceExitListener listener) {
    InstanceRecord record = found.record();
    Path logFile = logFile(spec.service(), record.id());
    ProcessOutput output;
    try {
      output = ProcessOutput.adopt(logFile, TAIL_LINES, logLimit);
    } catch (IOException e) {
      throw new InstanceStartException(
          spec.service(), "cannot open the log file " + logFile + ": " + e, e);
    }
    Instance instance =
        new Instance(
            record.id(),
            spec.service(),
            spec.version(),
            spec.index(),
            HOST,
            record.port(),
            output.tail());
    LocalProcess local =
        LocalProcess.adopted(
            instance,
            found.handle(),
            output,
            spec.config().drain().stopTimeout(),
            () -> records.remove(record.id()));
    running.put(record.id(), local);
    records.takeOver(record);
    output.follow(record.id());
    local.onExit().thenRun(() -> exited(local, listener));
    LOG.infof(
        "instance adopted id=%s service=%s version=%s release=%d pid=%d port=%d",
        record.id(), spec.service(), spec.version(), spec.releaseId(), record.pid(), record.port());
    return stoppedIfClosing(local, spec);
  }

  private Instance stoppedIfClosing(LocalProcess local, InstanceSpec spec) {
    Instance instance = local.instance();
    if (closed) {
      // Shutdown began while we spawned: stop it, or it would outlive the gateway; one that may
      // outlive it is left to the next gateway, which adopts or stops it.
      if (!outlive) {
        local.stop(local.stopTimeout());
      }
      throw new GatewayStoppingException(spec.service());
    }
    return instance;
  }

  /** The instances whose logs stay: the running ones, and the one starting with this log. */
  private Set<String> runningIds(Path starting) {
    Set<String> ids = new HashSet<>(running.keySet());
    String name = starting.getFileName().toString();
    ids.add(name.substring(0, name.length() - ".log".length()));
    return ids;
  }

  private Path logFile(String service, String instanceId) {
    return logRoot.resolve(service).resolve(instanceId + ".log");
  }

  private void exited(LocalProcess local, InstanceExitListener listener) {
    running.remove(local.instance().id(), local);
    if (local.stopRequested()) {
      return; // the gateway asked for it: LocalProcess logs the stop, and it is no crash
    }
    records.remove(local.instance().id());
    local.output().finish(); // the listener may quote the last lines
    Instance instance = local.instance();
    int exitCode = local.exitCode();
    instance.state(InstanceState.STOPPED);
    LOG.warnf(
        "instance exited id=%s service=%s version=%s exitCode=%d",
        instance.id(), instance.service(), instance.version(), exitCode);
    Runnable report = () -> listener.onExit(instance, exitCode);
    try {
      Infrastructure.getDefaultWorkerPool().execute(report);
    } catch (RejectedExecutionException e) {
      report.run(); // the worker pool is gone (shutdown): still tell the listener
    }
  }
}
