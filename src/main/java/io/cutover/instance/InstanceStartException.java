package io.cutover.instance;

/** An instance could not be started; the message says what to change. */
public class InstanceStartException extends RuntimeException {
  private final String service;

  public InstanceStartException(String service, String message) {
    super(message);
    this.service = service;
  }

  public InstanceStartException(String service, String message, Throwable cause) {
    super(message, cause);
    this.service = service;
  }

  public String service() {
    return service;
  }
}
