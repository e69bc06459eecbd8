package io.cutover.instance;

import java.util.concurrent.ThreadLocalRandom;

/** Instance ids: {@code <service>-<version>-<index>-<short random>}, also a safe file name. */
public final class InstanceId {
  private InstanceId() {}

  public static String next(String service, String version, int index) {
    // The random part tells apart two instances of the same slot across retries and rollbacks.
    String random = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    return service + "-" + safe(version) + "-" + index + "-" + random;
  }

  /** Versions are free text ("1.2/rc"); the id also names a log file, so keep it to safe chars. */
  private static String safe(String version) {
    return version.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
