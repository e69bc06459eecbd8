package io.cutover.instance.kubernetes;

import java.util.Map;

/**
 * The labels of every pod Cutover starts (SPEC), by which a restarted gateway finds them, and the
 * annotations that keep what a label value cannot hold (a free-text version, the instance id).
 */
final class PodLabels {
  static final String SERVICE = "cutover.service";
  static final String RELEASE = "cutover.release";
  static final String VERSION = "cutover.version";
  static final String INSTANCE = "cutover.instance";
  static final String INSTANCE_ID = "cutover.io/instance-id";
  static final String VERSION_TEXT = "cutover.io/version";

  /** The {@code cutover.instance} value of a release command's one-off pod. */
  static final String RELEASE_COMMAND = "release-command";

  private PodLabels() {}

  static Map<String, String> of(String service, long releaseId, String version, String instance) {
    return Map.of(
        SERVICE,
        service,
        RELEASE,
        Long.toString(releaseId),
        VERSION,
        labelValue(version),
        INSTANCE,
        instance);
  }

  /** The release a pod's labels name; -1 when it has none. */
  static long release(Map<String, String> labels) {
    try {
      return Long.parseLong(labels.getOrDefault(RELEASE, "-1"));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * A version as a label value (at most 63 of letters, digits, '-', '_', '.', alphanumeric at both
   * ends); the version as written is in an annotation.
   */
  static String labelValue(String version) {
    String safe = version.replaceAll("[^A-Za-z0-9._-]", "_");
    safe = safe.length() > 63 ? safe.substring(0, 63) : safe;
    return safe.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }

  /**
   * A pod name from an instance id: a DNS-1123 name (lower-case letters, digits, '-'), at most 63
   * so it is a valid host name too.
   */
  static String podName(String id) {
    String name = id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    name = "cutover-" + name;
    if (name.length() > 63) {
      // keep the random tail that tells two instances of a slot apart
      name = name.substring(0, 50) + name.substring(name.length() - 13);
    }
    return name.replaceAll("-+", "-").replaceAll("-$", "");
  }
}
