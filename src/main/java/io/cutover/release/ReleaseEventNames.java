package io.cutover.release;

import io.cutover.config.KnownEvents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The event types a service's {@code notify} may name, from the one enum that has them. */
@ApplicationScoped
public class ReleaseEventNames implements KnownEvents {
  private static final Set<String> NAMES =
      Arrays.stream(ReleaseEventType.values())
          .filter(type -> !type.isNotification())
          .map(ReleaseEventType::value)
          .collect(Collectors.toUnmodifiableSet());
  private static final List<String> ENDS =
      Arrays.stream(ReleaseEventType.values())
          .filter(ReleaseEventType::closes)
          .map(ReleaseEventType::value)
          .toList();

  @Override
  public Set<String> names() {
    return NAMES;
  }

  @Override
  public List<String> releaseEnds() {
    return ENDS;
  }
}
