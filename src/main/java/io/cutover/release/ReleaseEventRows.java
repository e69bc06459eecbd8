package io.cutover.release;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to the {@code release_events} table; only {@link ReleaseHistory} uses it. */
@ApplicationScoped
class ReleaseEventRows implements PanacheRepositoryBase<ReleaseEvent, Long> {}
