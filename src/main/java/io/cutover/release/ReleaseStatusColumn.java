package io.cutover.release;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a status as its contract value ({@code rolled_back}), not the Java constant name. */
@Converter(autoApply = true)
public class ReleaseStatusColumn implements AttributeConverter<ReleaseStatus, String> {
  @Override
  public String convertToDatabaseColumn(ReleaseStatus status) {
    return status == null ? null : status.value();
  }

  @Override
  public ReleaseStatus convertToEntityAttribute(String value) {
    return value == null ? null : ReleaseStatus.of(value);
  }
}
