package io.cutover.instance;

import io.cutover.config.ServiceConfig;

/**
 * What a driver needs to start one instance.
 *
 * @param index 0-based position of the instance within its release (${INSTANCE})
 * @param target static driver only: the "host:port" of an instance that already runs, else null
 */
public record InstanceSpec(
    String service, String version, int index, ServiceConfig config, String target) {}
