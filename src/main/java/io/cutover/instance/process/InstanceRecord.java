package io.cutover.instance.process;

/**
 * What the gateway writes down about each process instance while it runs ({@code
 * <data-dir>/instances/<id>.json}), so a gateway started after a kill finds the processes the dead
 * one left behind. The pid counts only together with its start time: pids are reused.
 *
 * @param startTicks the process's start time, clock ticks since boot ({@code /proc/<pid>/stat})
 * @param gatewayPid the gateway that started it; while that one runs, the instance is its own
 * @param stopTimeoutMs the service's {@code drain.stop-timeout} when it started
 * @param releaseId the release it belongs to: a restarted gateway adopts the live release's (0:
 *     unknown, never adopted)
 */
record InstanceRecord(
    String id,
    String service,
    String version,
    int index,
    int port,
    long pid,
    long startTicks,
    long gatewayPid,
    long gatewayStartTicks,
    long stopTimeoutMs,
    long releaseId) {

  /** The same instance, now run by this gateway (after an adoption). */
  InstanceRecord ownedBy(ProcStat gateway) {
    return new InstanceRecord(
        id,
        service,
        version,
        index,
        port,
        pid,
        startTicks,
        gateway.pid(),
        gateway.startTicks(),
        stopTimeoutMs,
        releaseId);
  }

  /** Whether this gateway runs it. */
  boolean ownedBySelf() {
    return InstanceRecords.SELF
        .map(self -> self.pid() == gatewayPid && self.startTicks() == gatewayStartTicks)
        .orElse(false);
  }

  /** Whether the gateway that started it still runs. */
  boolean ownerRunning() {
    return ProcStat.running(gatewayPid, gatewayStartTicks);
  }

  /** Whether the very process it names still runs (not another that got its pid since). */
  boolean processRunning() {
    return ProcStat.running(pid, startTicks);
  }
}
