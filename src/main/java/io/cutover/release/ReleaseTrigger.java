package io.cutover.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** What started a release. The JSON and database value is {@link #value()}. */
public enum ReleaseTrigger {
  API("api"),
  CLI("cli"),
  /** A user asked to go back to an earlier release. */
  ROLLBACK("rollback"),
  /** The gateway went back on its own after a failed deploy. */
  AUTO_ROLLBACK("auto-rollback");

  private final String value;

  ReleaseTrigger(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  @JsonCreator
  public static ReleaseTrigger of(String value) {
    for (ReleaseTrigger trigger : values()) {
      if (trigger.value.equals(value)) {
        return trigger;
      }
    }
    throw new IllegalArgumentException(
        "unknown release trigger '" + value + "'; one of " + Arrays.toString(values()));
  }

  @Override
  public String toString() {
    return value;
  }
}
