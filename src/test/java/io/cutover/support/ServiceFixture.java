package io.cutover.support;

import io.cutover.config.DeployConfig;
import io.cutover.config.DrainConfig;
import io.cutover.config.DriverConfig;
import io.cutover.config.DriverType;
import io.cutover.config.HealthConfig;
import io.cutover.config.RoutesConfig;
import io.cutover.config.ServiceConfig;
import io.cutover.instance.InstanceSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds {@link ServiceConfig}s with SPEC defaults for tests: only what a test cares about is
 * named.
 */
public final class ServiceFixture {
  private final String name;
  private final DriverType type;
  private final List<String> command;
  private final Map<String, String> env = new LinkedHashMap<>();
  private String workdir = ".";
  private String image;
  private Duration stopTimeout = DrainConfig.defaults().stopTimeout();

  private ServiceFixture(String name, DriverType type, List<String> command) {
    this.name = name;
    this.type = type;
    this.command = List.copyOf(command);
  }

  /** A process-driver service running this command. */
  public static ServiceFixture process(String name, List<String> command) {
    return new ServiceFixture(name, DriverType.PROCESS, command);
  }

  public static ServiceFixture process(String name, String... command) {
    return process(name, List.of(command));
  }

  /** A service whose instances already run (targets named per deploy). */
  public static ServiceFixture statics(String name) {
    return new ServiceFixture(name, DriverType.STATIC, List.of());
  }

  public static ServiceFixture ofType(String name, DriverType type) {
    return new ServiceFixture(name, type, List.of());
  }

  /** A docker-driver service of this image ({@code ${VERSION}} substituted), pulled never. */
  public static ServiceFixture docker(String name, String image) {
    ServiceFixture fixture = new ServiceFixture(name, DriverType.DOCKER, List.of());
    fixture.image = image;
    return fixture;
  }

  public ServiceFixture env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public ServiceFixture workdir(String dir) {
    workdir = dir;
    return this;
  }

  public ServiceFixture stopTimeout(Duration timeout) {
    stopTimeout = timeout;
    return this;
  }

  public ServiceConfig config() {
    return new ServiceConfig(
        name,
        new RoutesConfig(List.of(name + ".localhost"), "/"),
        1,
        new DriverConfig(
            type,
            command,
            workdir,
            env,
            image,
            new io.cutover.config.DockerOptions(
                3000, io.cutover.config.DockerOptions.Pull.NEVER, "bridge", null)),
        HealthConfig.defaults(),
        new DrainConfig(DrainConfig.defaults().timeout(), stopTimeout),
        DeployConfig.defaults(),
        io.cutover.config.LimitsConfig.GATEWAY_DEFAULTS,
        List.of());
  }

  /** What the executor would hand a driver for instance {@code index} of {@code version}. */
  public InstanceSpec spec(String version, int index) {
    return new InstanceSpec(name, version, index, config(), null);
  }

  /** The same, for an instance of this release (its labels, its adoption after a restart). */
  public InstanceSpec spec(String version, int index, long releaseId) {
    return new InstanceSpec(name, version, index, config(), null, releaseId);
  }

  /** The same for the static driver, naming the instance's address. */
  public InstanceSpec target(String version, int index, String target) {
    return new InstanceSpec(name, version, index, config(), target);
  }
}
