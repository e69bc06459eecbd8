package io.cutover.release;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Panache access to the {@code releases} table; only {@link ReleaseHistory} uses it. */
@ApplicationScoped
class ReleaseRows implements PanacheRepositoryBase<Release, Long> {}
