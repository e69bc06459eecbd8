package io.cutover.instance;

/** A service names a {@code driver.type} this gateway has no driver for. */
public class DriverUnavailableException extends InstanceStartException {
  private final String type;

  public DriverUnavailableException(String service, String type, String message) {
    super(service, message);
    this.type = type;
  }

  public String type() {
    return type;
  }
}
