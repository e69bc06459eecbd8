package io.cutover.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What only a docker driver needs (SPEC "More drivers").
 *
 * @param port the app's port inside the container; {@code PORT} is set to it
 * @param pull when the engine pulls the image
 * @param network {@code bridge} (published on 127.0.0.1), {@code host}, or a network's name
 * @param dockerHost the engine's address; null: {@code DOCKER_HOST}, else the local socket
 */
public record DockerOptions(int port, Pull pull, String network, String dockerHost) {
  public static final int DEFAULT_PORT = 3000;

  public DockerOptions {
    pull = pull == null ? Pull.MISSING : pull;
    network = network == null ? "bridge" : network;
  }

  public static DockerOptions defaults() {
    return new DockerOptions(DEFAULT_PORT, Pull.MISSING, "bridge", null);
  }

  /** Whether the container's port is published on loopback (not host networking). */
  public boolean published() {
    return !network.equals("host");
  }

  /** {@code driver.pull}. */
  public enum Pull {
    /** Only when the engine does not have the image. */
    MISSING,
    /** Before every start, so a moved tag is picked up. */
    ALWAYS,
    /** Never: the image must be there already. */
    NEVER;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Pull of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }
}
