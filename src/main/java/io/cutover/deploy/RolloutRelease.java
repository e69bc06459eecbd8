package io.cutover.deploy;

import io.cutover.config.ServiceConfig;
import io.cutover.instance.InstanceDriver;
import io.cutover.service.LiveService;
import java.util.List;

/**
 * The release one rollout runs: what was asked for, as recorded, and the service and driver it runs
 * on. The gateway's parts it acts through are {@link RolloutParts}, shared by every rollout.
 *
 * @param config the config the new instances start with (targets applied)
 * @param targets static driver only: the instances of the new version; else null
 */
record RolloutRelease(
    long id,
    String service,
    String version,
    String strategy,
    ServiceConfig config,
    List<String> targets,
    LiveService live,
    InstanceDriver driver) {}
