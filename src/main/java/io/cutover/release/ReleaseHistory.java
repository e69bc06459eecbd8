package io.cutover.release;

import static io.cutover.release.ReleaseStatus.LIVE;
import static io.cutover.release.ReleaseStatus.SUPERSEDED;

import io.cutover.db.Transactions;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Release history in PostgreSQL: the only way to record and change releases and their step logs.
 * Every method may be called from any thread and is one transaction of its own; a database outage
 * fails the Uni with {@link io.cutover.db.DatabaseUnavailableException}.
 */
@ApplicationScoped
public class ReleaseHistory {
  private static final Logger LOG = Logger.getLogger(ReleaseHistory.class);
  private static final Set<ReleaseStatus> RUNNING =
      Set.of(ReleaseStatus.PENDING, ReleaseStatus.DEPLOYING, ReleaseStatus.PAUSED);
  private static final Set<ReleaseStatus> WAS_LIVE = Set.of(LIVE, SUPERSEDED);

  private final Transactions transactions;
  private final ReleaseRows releases;
  private final ReleaseEventRows events;
  private final ReleaseBoard board;
  private final Instance<ReleaseEventListener> listeners;

  ReleaseHistory(
      Transactions transactions,
      ReleaseRows releases,
      ReleaseEventRows events,
      ReleaseBoard board,
      Instance<ReleaseEventListener> listeners) {
    this.transactions = transactions;
    this.releases = releases;
    this.events = events;
    this.board = board;
    this.listeners = listeners;
  }

  /**
   * Records a new {@code pending} release and returns it with its id. Fails with {@link
   * ReleaseConflictException} when the service already has a running release.
   */
  public Uni<Release> create(NewRelease request) {
    return transactions
        .write(() -> releases.persist(Release.pending(request, now())))
        .invoke(board::saw)
        .onFailure(ReleaseConflictException::isRunningConflict)
        .recoverWithUni(
            conflict ->
                running(request.service())
                    .onItem()
                    .transform(
                        running -> {
                          throw new ReleaseConflictException(
                              request.service(), running.orElse(null), conflict);
                        }));
  }

  /** The release with this id, or a {@link ReleaseNotFoundException}. */
  public Uni<Release> find(long id) {
    return transactions.read(() -> existing(releases.findById(id), id));
  }

  /** Moves a release to {@code next}, with a reason for a person (or null); see {@link #update}. */
  public Uni<Release> moveTo(long id, ReleaseStatus next, String reason) {
    return update(id, ReleaseChange.to(next).because(reason));
  }

  /**
   * Applies {@code change} under a row lock, so concurrent moves (executor and an abort) are
   * serialized. A status move not allowed by {@link ReleaseStatus#canMoveTo} fails with {@link
   * IllegalTransitionException}; moving to the status it has changes only the other parts.
   * Timestamps follow the status: {@code startedAt} on deploying, {@code switchedAt} and {@code
   * finishedAt} on live, {@code finishedAt} on an end. Going live supersedes the service's previous
   * live release in the same transaction.
   */
  public Uni<Release> update(long id, ReleaseChange change) {
    return update(id, change, Instant.now());
  }

  /**
   * As {@link #update(long, ReleaseChange)}, with the timestamps it sets taken at {@code at}: for a
   * change written down late (the database was down when it happened).
   */
  public Uni<Release> update(long id, ReleaseChange change, Instant at) {
    Instant when = at.truncatedTo(ChronoUnit.MICROS);
    return transactions
        .write(
            () ->
                existing(releases.findById(id, LockModeType.PESSIMISTIC_WRITE), id)
                    .chain(release -> apply(release, change, when)))
        .invoke(board::saw);
  }

  /**
   * As {@link #update(long, ReleaseChange, Instant)}, with the step that says so appended in the
   * same transaction: whoever reads the release's end reads the event of that end too.
   */
  public Uni<Release> update(
      long id,
      ReleaseChange change,
      Instant at,
      ReleaseEventType type,
      String message,
      String data) {
    Instant when = at.truncatedTo(ChronoUnit.MICROS);
    ReleaseEvent event = new ReleaseEvent(id, now(), type.value(), message, data);
    return transactions
        .write(
            () ->
                existing(releases.findById(id, LockModeType.PESSIMISTIC_WRITE), id)
                    .chain(release -> apply(release, change, when))
                    .call(release -> events.persist(event)))
        .invoke(board::saw)
        .invoke(() -> announce(event));
  }

  /** Appends one step to a release's log; {@code data} is a JSON document or null. */
  public Uni<ReleaseEvent> append(
      long releaseId, ReleaseEventType type, String message, String data) {
    return append(releaseId, type.value(), message, data);
  }

  /** As above, with the type as it is stored. */
  public Uni<ReleaseEvent> append(long releaseId, String type, String message, String data) {
    return transactions
        .write(() -> events.persist(new ReleaseEvent(releaseId, now(), type, message, data)))
        .invoke(this::announce)
        .onFailure(ReleaseHistory::isMissingRelease)
        .transform(missing -> new ReleaseNotFoundException(releaseId));
  }

  /** Tells the listeners of a step once its transaction committed; they can never fail it. */
  private void announce(ReleaseEvent event) {
    for (ReleaseEventListener listener : listeners) {
      try {
        listener.recorded(event);
      } catch (RuntimeException e) {
        LOG.warnf(
            e,
            "release event listener failed release=%d type=%s",
            event.getReleaseId(),
            event.getType());
      }
    }
  }

  /** The whole step log of a release, oldest first (empty for an unknown id). */
  public Uni<List<ReleaseEvent>> events(long releaseId) {
    return eventsAfter(releaseId, 0);
  }

  /**
   * The steps logged after event {@code afterEventId}, oldest first: the tail for a live stream.
   */
  public Uni<List<ReleaseEvent>> eventsAfter(long releaseId, long afterEventId) {
    return transactions.read(
        () -> events.list("releaseId = ?1 and id > ?2 order by id", releaseId, afterEventId));
  }

  /** The service's pending, deploying or paused release. */
  public Uni<Optional<Release>> running(String service) {
    return first("service = ?1 and status in ?2 order by id desc", service, RUNNING);
  }

  /** The release serving the service's traffic. */
  public Uni<Optional<Release>> live(String service) {
    return first("service = ?1 and status = ?2", service, LIVE);
  }

  /**
   * The newest release of the service that was live before {@code releaseId} (now live or
   * superseded): the default rollback target of release {@code releaseId}.
   */
  public Uni<Optional<Release>> lastLiveBefore(String service, long releaseId) {
    return first(
        "service = ?1 and status in ?2 and id < ?3 order by id desc", service, WAS_LIVE, releaseId);
  }

  /**
   * As {@link #lastLiveBefore}, of another version than {@code version}: going back from an
   * automatic rollback (a release of the version that was live) means the one before that.
   */
  public Uni<Optional<Release>> lastLiveBefore(String service, long releaseId, String version) {
    return first(
        "service = ?1 and status in ?2 and id < ?3 and version <> ?4 order by id desc",
        service,
        WAS_LIVE,
        releaseId,
        version);
  }

  /** The newest release of the service with this version, whatever its status. */
  public Uni<Optional<Release>> latestWithVersion(String service, String version) {
    return first("service = ?1 and version = ?2 order by id desc", service, version);
  }

  /** One page of history, newest first; see {@link ReleaseQuery}. */
  public Uni<Page<Release>> history(ReleaseQuery query) {
    HistoryFilter filter = HistoryFilter.of(query);
    return transactions
        .read(
            () ->
                releases
                    .find(filter.hql(), filter.parameters())
                    .range(0, query.limit()) // one more than asked: is there a next page?
                    .list())
        .map(rows -> pageOf(rows, query.limit()));
  }

  /**
   * At gateway start: every release still pending, deploying or paused lost its executor, so it
   * becomes {@code failed} with {@code reason}. Returns those releases.
   */
  public Uni<List<Release>> failInterrupted(String reason) {
    return failInterrupted(reason, java.util.Set.of());
  }

  /**
   * As {@link #failInterrupted(String)}, but leaves the releases in {@code runElsewhere} running:
   * another gateway of the cluster drives them.
   */
  public Uni<List<Release>> failInterrupted(String reason, java.util.Set<Long> runElsewhere) {
    return transactions
        .write(
            () ->
                releases
                    .find("status in ?1 order by id", RUNNING)
                    .withLock(LockModeType.PESSIMISTIC_WRITE)
                    .list()
                    .map(
                        all -> {
                          List<Release> running =
                              all.stream().filter(r -> !runElsewhere.contains(r.getId())).toList();
                          Instant now = now();
                          running.forEach(
                              release -> {
                                release.apply(
                                    ReleaseChange.to(ReleaseStatus.FAILED).because(reason), now);
                                LOG.infof(
                                    "release failed service=%s release=%d version=%s reason=%s",
                                    release.getService(),
                                    release.getId(),
                                    release.getVersion(),
                                    reason);
                              });
                          return running;
                        }))
        .invoke(ended -> ended.forEach(board::sawEnded));
  }

  /** The live release of every service, by service name: what the routing table restores. */
  public Uni<List<Release>> liveReleases() {
    return transactions
        .read(() -> releases.list("status = ?1 order by service", LIVE))
        .invoke(live -> live.forEach(board::saw));
  }

  private Uni<Release> apply(Release release, ReleaseChange change, Instant now) {
    ReleaseStatus next = change.status();
    if (next != null && next != release.getStatus() && !release.getStatus().canMoveTo(next)) {
      return Uni.createFrom()
          .failure(new IllegalTransitionException(release.getId(), release.getStatus(), next));
    }
    Uni<Void> before =
        next == LIVE && release.getStatus() != LIVE
            ? supersedeLive(release, now)
            : Uni.createFrom().voidItem();
    return before.map(
        ignored -> {
          release.apply(change, now);
          return release;
        });
  }

  /** Ends the current live release first: the unique index allows one live release a service. */
  private Uni<Void> supersedeLive(Release successor, Instant now) {
    return releases
        .find(
            "service = ?1 and status = ?2 and id <> ?3",
            successor.getService(),
            LIVE,
            successor.getId())
        .withLock(LockModeType.PESSIMISTIC_WRITE)
        .firstResult()
        .chain(
            previous -> {
              if (previous == null) {
                return Uni.createFrom().voidItem();
              }
              String why =
                  previous.getReason() != null
                      ? null
                      : "superseded by release "
                          + successor.getId()
                          + " ("
                          + successor.getVersion()
                          + ")";
              previous.apply(ReleaseChange.to(SUPERSEDED).because(why), now);
              return releases.flush(); // before the successor's update reaches the index
            });
  }

  private Uni<Optional<Release>> first(String hql, Object... parameters) {
    return transactions.read(
        () -> releases.find(hql, parameters).firstResult().map(Optional::ofNullable));
  }

  private static Uni<Release> existing(Uni<Release> lookup, long id) {
    return lookup.onItem().ifNull().failWith(() -> new ReleaseNotFoundException(id));
  }

  private static Page<Release> pageOf(List<Release> rows, int limit) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    List<Release> items = rows.subList(0, limit);
    return new Page<>(items, HistoryCursor.after(items.get(limit - 1).getId()));
  }

  private static boolean isMissingRelease(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      // 23503, foreign key violation: no such release. Hibernate Reactive reports it as an
      // SQLException; the bare client as a PgException.
      if (t instanceof SQLException sql && "23503".equals(sql.getSQLState())
          || t instanceof PgException pg && "23503".equals(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }

  /** Microseconds, as PostgreSQL keeps them, so a returned release equals a re-read one. */
  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
