package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.cutover.config.DockerOptions;
import io.cutover.config.DriverConfig;
import io.cutover.instance.InstanceStartException;
import io.cutover.instance.OneOffResult;
import io.cutover.instance.OneOffRun;
import io.cutover.instance.Placeholders;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A release command in a one-off container of the new version's image: the instances' environment
 * and labels ({@code cutover.instance=release-command}), no published port. It is removed when it
 * ends, and killed at its timeout. Blocking.
 */
final class OneOffContainer {
  private static final Logger LOG = Logger.getLogger(OneOffContainer.class);
  private static final int TAIL_LINES = 50;

  private final DockerEngines engines;

  OneOffContainer(DockerEngines engines) {
    this.engines = engines;
  }

  OneOffResult run(OneOffRun run) {
    DriverConfig driver = run.config().driver();
    DockerOptions options = driver.docker();
    DockerClient docker = engines.client(options);
    ContainerStarts.answers(docker, run.service(), engines.hostOf(options));
    String name =
        DockerDriver.NAME_PREFIX
            + run.service()
            + "-release-"
            + run.releaseId()
            + "-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
    ContainerRequest request =
        ContainerRequest.of(
            name,
            driver,
            new Placeholders(run.version(), options.port(), 0),
            run.command(),
            ContainerLabels.of(
                run.service(), run.releaseId(), run.version(), ContainerLabels.RELEASE_COMMAND),
            false);
    ImagePull.ensurePrepared(docker, run.service(), request.image(), options.pull(), run.timeout());
    long began = System.nanoTime();
    String containerId;
    try {
      containerId = request.create(docker);
    } catch (DockerException e) {
      throw new InstanceStartException(
          run.service(),
          "release command container of image "
              + request.image()
              + " could not be created: "
              + e.getMessage(),
          e);
    }
    try {
      docker.startContainerCmd(containerId).exec();
      LOG.infof(
          "release command started service=%s version=%s container=%s image=%s",
          run.service(), run.version(), containerId.substring(0, 12), request.image());
      Integer exitCode = await(docker, containerId, run.timeout());
      if (exitCode == null) {
        docker.killContainerCmd(containerId).exec();
      }
      String output = ContainerLogs.last(docker, containerId, TAIL_LINES);
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      return new OneOffResult(exitCode == null ? -1 : exitCode, exitCode == null, took, output);
    } catch (DockerException e) {
      throw new InstanceStartException(
          run.service(),
          "release command container of image " + request.image() + " failed: " + e.getMessage(),
          e);
    } finally {
      DockerDriver.removeQuietly(docker, containerId);
    }
  }

  /** Its exit code, or null when it still ran at the timeout. */
  private static Integer await(DockerClient docker, String containerId, Duration timeout) {
    WaitContainerResultCallback wait =
        docker.waitContainerCmd(containerId).exec(new WaitContainerResultCallback());
    try {
      return wait.awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (DockerClientException timedOut) {
      return null;
    } finally {
      try {
        wait.close();
      } catch (java.io.IOException e) {
        // the wait stream ends with the container
      }
    }
  }
}
