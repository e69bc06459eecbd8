package io.cutover.instance;

import io.cutover.config.ServiceConfig;

/**
 * What a driver needs to start one instance.
 *
 * @param index 0-based position of the instance within its release (${INSTANCE})
 * @param target static driver only: the "host:port" of an instance that already runs, else null
 * @param releaseId the release the instance belongs to (labels, adoption after a restart); 0 when
 *     unknown
 */
public record InstanceSpec(
    String service,
    String version,
    int index,
    ServiceConfig config,
    String target,
    long releaseId) {

  public InstanceSpec(
      String service, String version, int index, ServiceConfig config, String target) {
    this(service, version, index, config, target, 0);
  }
}
