package io.cutover.config;

import java.util.List;
import java.util.Set;

/**
 * The release event types a {@code notify} entry may name. Owned here so the catalog can check a
 * file without knowing the release history: the history's event types implement it.
 */
public interface KnownEvents {
  /** Every type a webhook may be sent (notification events themselves are not among them). */
  Set<String> names();

  /** What a webhook gets when it names no {@code events}: the events that end a release. */
  List<String> releaseEnds();

  /** None known: a file with {@code notify} is refused (parsers built without the history). */
  KnownEvents NONE =
      new KnownEvents() {
        @Override
        public Set<String> names() {
          return Set.of();
        }

        @Override
        public List<String> releaseEnds() {
          return List.of();
        }
      };
}
