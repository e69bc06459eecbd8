package io.cutover.release;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a trigger as its contract value ({@code auto-rollback}). */
@Converter(autoApply = true)
public class ReleaseTriggerColumn implements AttributeConverter<ReleaseTrigger, String> {
  @Override
  public String convertToDatabaseColumn(ReleaseTrigger trigger) {
    return trigger == null ? null : trigger.value();
  }

  @Override
  public ReleaseTrigger convertToEntityAttribute(String value) {
    return value == null ? null : ReleaseTrigger.of(value);
  }
}
