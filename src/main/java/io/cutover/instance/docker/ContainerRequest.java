package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.cutover.config.DockerOptions;
import io.cutover.config.DriverConfig;
import io.cutover.instance.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The container one instance (or a release command) runs in: the version's image, the service's
 * {@code env} with {@code PORT}, {@code VERSION} and {@code INSTANCE}, the labels, and on a bridge
 * or named network the app's port published on 127.0.0.1 at a port the engine picks. The gateway's
 * own environment never reaches a container.
 */
record ContainerRequest(
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    Map<String, String> labels,
    DockerOptions options,
    int port,
    boolean publish) {

  static final String LOOPBACK = "127.0.0.1";

  /**
   * @param port the app's port: {@code driver.port}, or with host networking a free loopback port
   */
  static ContainerRequest of(
      String name,
      DriverConfig driver,
      Placeholders values,
      List<String> command,
      Map<String, String> labels,
      boolean publish) {
    Map<String, String> env = new TreeMap<>();
    driver.env().forEach((key, value) -> env.put(key, values.apply(value)));
    env.put("PORT", Integer.toString(values.port()));
    env.put("VERSION", values.version());
    env.put("INSTANCE", Integer.toString(values.index()));
    return new ContainerRequest(
        name,
        values.apply(driver.image()),
        command.stream().map(values::apply).toList(),
        env,
        labels,
        driver.docker(),
        values.port(),
        publish && driver.docker().published());
  }

  /**
   * The image a version runs: {@code driver.image} with its placeholders for the first instance.
   */
  static String imageOf(DriverConfig driver, String version) {
    return new Placeholders(version, driver.docker().port(), 0).apply(driver.image());
  }

  /** Creates it (not started); returns the container's id. */
  String create(DockerClient docker) {
    List<String> envList = new ArrayList<>();
    env.forEach((key, value) -> envList.add(key + "=" + value));
    HostConfig host = HostConfig.newHostConfig().withNetworkMode(options.network());
    CreateContainerCmd create =
        docker.createContainerCmd(image).withName(name).withEnv(envList).withLabels(labels);
    if (publish) {
      ExposedPort app = ExposedPort.tcp(port);
      create.withExposedPorts(app);
      // No host port: the engine picks a free one, read back after the start; no race with
      // another process probing for ports.
      host.withPortBindings(new PortBinding(Ports.Binding.bindIp(LOOPBACK), app));
    }
    if (!command.isEmpty()) {
      create.withCmd(command);
    }
    return create.withHostConfig(host).exec().getId();
  }
}
