package io.cutover.cluster;

import java.time.Instant;

/** One gateway of the cluster as its row shows it. */
public record Member(
    String id,
    String adminUrl,
    int trafficPort,
    long pid,
    Instant startedAt,
    Instant heartbeatAt) {}
