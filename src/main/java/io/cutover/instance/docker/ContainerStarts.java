package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.cutover.config.DockerOptions;
import io.cutover.config.DriverConfig;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import io.cutover.instance.InstanceId;
import io.cutover.instance.InstanceSpec;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.LoopbackPorts;
import io.cutover.instance.Placeholders;
import org.jboss.logging.Logger;

/**
 * Creates and starts one instance's container, and finds the 127.0.0.1 port the engine published it
 * on. A container that was created but could not start is removed again. Blocking.
 */
final class ContainerStarts {
  private static final Logger LOG = Logger.getLogger(ContainerStarts.class);

  private final DockerEngines engines;
  private final LoopbackPorts ports = new LoopbackPorts();

  ContainerStarts(DockerEngines engines) {
    this.engines = engines;
  }

  RunningContainer start(InstanceSpec spec, InstanceExitListener listener) {
    DriverConfig driver = spec.config().driver();
    DockerOptions options = driver.docker();
    DockerClient docker = engines.client(options);
    String host = engines.hostOf(options);
    answers(docker, spec.service(), host);
    // With host networking every instance shares the host's ports: each gets a free one.
    int port = options.published() ? options.port() : ports.next();
    Placeholders values = new Placeholders(spec.version(), port, spec.index());
    String id = InstanceId.next(spec.service(), spec.version(), spec.index());
    ContainerRequest request =
        ContainerRequest.of(
            DockerDriver.NAME_PREFIX + id,
            driver,
            values,
            driver.command(),
            ContainerLabels.of(
                spec.service(), spec.releaseId(), spec.version(), Integer.toString(spec.index())),
            true);
    ImagePull.ensurePrepared(
        docker,
        spec.service(),
        request.image(),
        options.pull(),
        spec.config().health().startupTimeout());
    String containerId;
    try {
      containerId = request.create(docker);
    } catch (DockerException e) {
      throw new InstanceStartException(
          spec.service(),
          "container of image " + request.image() + " could not be created: " + e.getMessage(),
          e);
    }
    try {
      docker.startContainerCmd(containerId).exec();
      int published =
          options.published()
              ? publishedPort(docker.inspectContainerCmd(containerId).exec(), port)
              : port;
      Instance instance = RunningContainer.instance(id, spec, published);
      LOG.infof(
          "instance started id=%s service=%s version=%s container=%s image=%s port=%d",
          id,
          spec.service(),
          spec.version(),
          containerId.substring(0, 12),
          request.image(),
          published);
      return new RunningContainer(instance, host, containerId, listener);
    } catch (RuntimeException e) {
      String logs = ContainerLogs.last(docker, containerId, 10);
      DockerDriver.removeQuietly(docker, containerId);
      throw new InstanceStartException(
          spec.service(),
          "container of image "
              + request.image()
              + " could not start: "
              + e.getMessage()
              + (logs.isBlank() ? "" : "; last log lines:\n" + logs),
          e);
    }
  }

  /** Fails with what to change when no engine answers at {@code host}. */
  static void answers(DockerClient docker, String service, String host) {
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new InstanceStartException(
          service,
          "no Docker engine answers at "
              + host
              + " ("
              + e.getMessage()
              + "): start dockerd, or point driver.docker-host or DOCKER_HOST at one",
          e);
    }
  }

  /** The host port the engine bound the app's port to on 127.0.0.1. */
  static int publishedPort(InspectContainerResponse inspect, int appPort) {
    Ports.Binding[] bindings =
        inspect.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(appPort));
    if (bindings == null || bindings.length == 0) {
      throw new IllegalStateException("port " + appPort + " of the container was not published");
    }
    return Integer.parseInt(bindings[0].getHostPortSpec());
  }
}
