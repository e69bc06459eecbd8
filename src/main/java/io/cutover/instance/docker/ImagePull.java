package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.cutover.config.DockerOptions;
import io.cutover.instance.InstanceStartException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Makes sure the engine has an image, pulling it as {@code driver.pull} says. Blocking. */
final class ImagePull {
  private static final Logger LOG = Logger.getLogger(ImagePull.class);

  private ImagePull() {}

  static void ensure(
      DockerClient docker, String service, String image, DockerOptions.Pull pull, Duration limit) {
    if (pull == DockerOptions.Pull.ALWAYS || !present(docker, image)) {
      if (pull == DockerOptions.Pull.NEVER) {
        throw new InstanceStartException(
            service,
            "image "
                + image
                + " not found locally and pull is never: build or load it on the engine"
                + " (docker build / docker load), or set driver.pull to missing");
      }
      pull(docker, service, image, limit);
    }
  }

  static boolean present(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void pull(DockerClient docker, String service, String image, Duration limit) {
    long began = System.nanoTime();
    LOG.infof("image pulling service=%s image=%s", service, image);
    Reference ref = Reference.of(image);
    try {
      boolean done =
          docker
              .pullImageCmd(ref.repository())
              .withTag(ref.tag())
              .exec(new PullImageResultCallback())
              .awaitCompletion(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        throw new InstanceStartException(
            service, "image " + image + " was not pulled within " + limit.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InstanceStartException(service, "pull of image " + image + " interrupted", e);
    } catch (RuntimeException e) {
      if (e instanceof InstanceStartException) {
        throw e;
      }
      throw new InstanceStartException(
          service,
          "image " + image + " could not be pulled: " + String.valueOf(e.getMessage()).strip(),
          e);
    }
    if (!present(docker, image)) { // a pull of a digest-less name can end without the tag asked
      throw new InstanceStartException(
          service, "image " + image + " is still missing after its pull");
    }
    LOG.infof(
        "image pulled service=%s image=%s tookMs=%d",
        service, image, (System.nanoTime() - began) / 1_000_000);
  }

  /** An image name split into repository and tag (digests stay in the repository part). */
  record Reference(String repository, String tag) {
    static Reference of(String image) {
      int at = image.indexOf('@');
      if (at >= 0) {
        return new Reference(image, null);
      }
      int colon = image.lastIndexOf(':');
      int slash = image.lastIndexOf('/');
      if (colon > slash) {
        return new Reference(image.substring(0, colon), image.substring(colon + 1));
      }
      return new Reference(image, "latest");
    }
  }
}
