package io.cutover.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Runs Hibernate Reactive work from any thread. Each unit gets its own session on a fresh
 * duplicated Vert.x context (Hibernate Reactive demands an event loop and no session shared with
 * concurrent work); the result comes back on the caller's context when it had one. Outages come out
 * as {@link DatabaseUnavailableException}.
 */
@ApplicationScoped
public class Transactions {
  private final Vertx vertx;

  Transactions(Vertx vertx) {
    this.vertx = vertx;
  }

  /** {@code work} in one transaction: committed when its Uni succeeds, rolled back otherwise. */
  public <T> Uni<T> write(Supplier<Uni<T>> work) {
    return onOwnContext(() -> Panache.withTransaction(work));
  }

  /** {@code work} in a session without a transaction, for reads. */
  public <T> Uni<T> read(Supplier<Uni<T>> work) {
    return onOwnContext(() -> Panache.withSession(work));
  }

  private <T> Uni<T> onOwnContext(Supplier<Uni<T>> work) {
    Context caller = Vertx.currentContext();
    // Quarkus' worker threads carry a duplicate of an event-loop context, so this is an event loop.
    Context own =
        VertxContext.createNewDuplicatedContext(
            caller != null ? caller : vertx.getOrCreateContext());
    VertxContextSafetyToggle.setContextSafe(own, true);
    Uni<T> result =
        Uni.createFrom()
            .<T>emitter(
                emitter ->
                    own.runOnContext(
                        ignored ->
                            Uni.createFrom() // deferred: a throwing supplier fails the Uni
                                .<T>deferred(work::get)
                                .subscribe()
                                .with(emitter::complete, emitter::fail)))
            .onFailure()
            .transform(DatabaseUnavailableException::translate);
    return caller == null ? result : result.emitOn(task -> caller.runOnContext(v -> task.run()));
  }
}
