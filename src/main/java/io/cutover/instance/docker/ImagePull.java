package io.cutover.instance.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.cutover.config.DockerOptions;
import io.cutover.instance.ImagePullProgress;
import io.cutover.instance.InstanceStartException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/** Makes sure the engine has an image, pulling it as {@code driver.pull} says. Blocking. */
final class ImagePull {
  private static final Logger LOG = Logger.getLogger(ImagePull.class);

  private ImagePull() {}

  // How often a pull under way is reported to the release's log.
  static final Duration REPORT_EVERY = Duration.ofSeconds(2);

  static void ensure(
      DockerClient docker,
      String service,
      String image,
      DockerOptions.Pull pull,
      Duration limit,
      Consumer<ImagePullProgress> progress) {
    if (pull == DockerOptions.Pull.ALWAYS || !present(docker, image)) {
      if (pull == DockerOptions.Pull.NEVER) {
        throw new InstanceStartException(
            service,
            "image "
                + image
                + " not found locally and pull is never: build or load it on the engine"
                + " (docker build / docker load), or set driver.pull to missing");
      }
      pull(docker, service, image, limit, progress);
    }
  }

  /**
   * For an instance or a release command: the release's {@link DockerDriver#prepare} pulled the
   * image already, so {@code always} pulls only when it is missing (a release restored at start-up
   * starts its instances without a prepare).
   */
  static void ensurePrepared(
      DockerClient docker, String service, String image, DockerOptions.Pull pull, Duration limit) {
    ensure(
        docker,
        service,
        image,
        pull == DockerOptions.Pull.ALWAYS ? DockerOptions.Pull.MISSING : pull,
        limit,
        p -> {});
  }

  static boolean present(DockerClient docker, String image) {
    try {
      docker.inspectImageCmd(image).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void pull(
      DockerClient docker,
      String service,
      String image,
      Duration limit,
      Consumer<ImagePullProgress> progress) {
    long began = System.nanoTime();
    LOG.infof("image pulling service=%s image=%s", service, image);
    Reference ref = Reference.of(image);
    PullTracker tracker = new PullTracker(image, progress, REPORT_EVERY);
    tracker.started();
    try {
      boolean done =
          docker
              .pullImageCmd(ref.repository())
              .withTag(ref.tag())
              .exec(
                  new PullImageResultCallback() {
                    @Override
                    public void onNext(PullResponseItem item) {
                      super.onNext(item);
                      tracker.seen(item);
                    }
                  })
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
    progress.accept(tracker.done());
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
