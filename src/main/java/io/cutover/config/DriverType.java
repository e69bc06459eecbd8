package io.cutover.config;

/** How a service's instances are run. */
public enum DriverType {
  /** Local processes started from {@code command}: the embedded default. */
  PROCESS,
  /** Instances that already run, named per deploy by {@code targets}. */
  STATIC,
  /** Containers through the Docker Engine API. */
  DOCKER,
  /** Pods through the Kubernetes API. */
  KUBERNETES;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
