package io.cutover.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.health.HealthChecker;
import io.cutover.release.ReleaseHistory;
import jakarta.enterprise.context.ApplicationScoped;

/** The gateway's parts every rollout acts through; one bean, so a rollout is built in one place. */
@ApplicationScoped
class RolloutParts {
  private final HealthChecker health;
  private final Drainer drainer;
  private final ReleaseHistory history;
  private final ObjectMapper mapper;
  private final InstanceStarts starts;
  private final InstanceRetirement retirement;

  RolloutParts(
      HealthChecker health,
      Drainer drainer,
      ReleaseHistory history,
      ObjectMapper mapper,
      InstanceStarts starts,
      InstanceRetirement retirement) {
    this.health = health;
    this.drainer = drainer;
    this.history = history;
    this.mapper = mapper;
    this.starts = starts;
    this.retirement = retirement;
  }

  HealthChecker health() {
    return health;
  }

  Drainer drainer() {
    return drainer;
  }

  ReleaseHistory history() {
    return history;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  InstanceStarts starts() {
    return starts;
  }

  InstanceRetirement retirement() {
    return retirement;
  }

  /** What one rollout of {@code release} works with. */
  RolloutContext contextFor(RolloutRelease release) {
    return new RolloutContext(release, this);
  }
}
