package io.cutover.instance.docker;

import java.util.Map;

/**
 * The labels of every container Cutover starts (SPEC), by which a restarted gateway finds them:
 * which service, release, version and instance slot it runs.
 */
final class ContainerLabels {
  static final String SERVICE = "cutover.service";
  static final String RELEASE = "cutover.release";
  static final String VERSION = "cutover.version";
  static final String INSTANCE = "cutover.instance";

  /** The {@code cutover.instance} value of a release command's one-off container. */
  static final String RELEASE_COMMAND = "release-command";

  private ContainerLabels() {}

  static Map<String, String> of(String service, long releaseId, String version, String instance) {
    return Map.of(
        SERVICE, service, RELEASE, Long.toString(releaseId), VERSION, version, INSTANCE, instance);
  }

  /** The release a container's labels name; -1 when it has none (not one of ours). */
  static long release(Map<String, String> labels) {
    try {
      return Long.parseLong(labels.getOrDefault(RELEASE, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
