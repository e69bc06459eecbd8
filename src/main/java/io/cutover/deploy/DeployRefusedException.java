package io.cutover.deploy;

/**
 * A deploy that cannot start as asked; {@code status} is the HTTP status the API answers (404
 * unknown service, 409 one already running, 422 invalid values) and the message says what to
 * change.
 */
public final class DeployRefusedException extends RuntimeException {
  private final int status;

  public DeployRefusedException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static DeployRefusedException unknownService(String service) {
    return new DeployRefusedException(
        404, "no service named " + service + ": add services/" + service + ".yaml and reload");
  }

  static DeployRefusedException invalid(String message) {
    return new DeployRefusedException(422, message);
  }

  static DeployRefusedException running(String service, Object release) {
    return new DeployRefusedException(
        409,
        "service "
            + service
            + " already has a running release"
            + (release == null ? "" : " (" + release + ")")
            + ": wait for it to end, or abort it first");
  }
}
