package io.cutover.release;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * A history question: newest first, filtered, one page. Build it typed ({@code
 * ReleaseQuery.newest().withService("web").withStatuses(FAILED).withLimit(20)}) or from the admin
 * API's query parameters with {@link #parse}. Every problem is an {@link
 * InvalidHistoryQueryException} naming the parameter.
 *
 * @param service one service, or null for all
 * @param statuses any of these; empty for all
 * @param since created at or after (inclusive); or null
 * @param until created before (exclusive); or null
 * @param limit 1 to {@value #MAX_LIMIT} releases a page
 * @param cursor the previous page's {@code nextCursor}, or null for the newest page
 * @param trigger what started the release ({@code auto-rollback}: the gateway went back on its
 *     own), or null for any
 */
public record ReleaseQuery(
    String service,
    Set<ReleaseStatus> statuses,
    String strategy,
    String version,
    Instant since,
    Instant until,
    int limit,
    String cursor,
    ReleaseTrigger trigger) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  public ReleaseQuery {
    statuses =
        statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidHistoryQueryException(
          "limit", "must be between 1 and " + MAX_LIMIT + ", got " + limit);
    }
    if (since != null && until != null && !since.isBefore(until)) {
      throw new InvalidHistoryQueryException(
          "until", "must be after since (" + since + "), got " + until);
    }
    if (cursor != null) {
      HistoryCursor.lastId(cursor); // refuse a bad cursor now, not at query time
    }
  }

  /** Every service, every status, the first {@value #DEFAULT_LIMIT}. */
  public static ReleaseQuery newest() {
    return new ReleaseQuery(null, Set.of(), null, null, null, null, DEFAULT_LIMIT, null, null);
  }

  /**
   * From query parameters as they arrive; null or blank means "not given". {@code status} may list
   * several, comma-separated ({@code failed,rolled_back}); {@code since} and {@code until} are
   * ISO-8601 date-times with an offset ({@code 2026-11-28T10:00:00Z}) or dates (UTC midnight).
   */
  public static ReleaseQuery parse(
      String service,
      String status,
      String strategy,
      String version,
      String since,
      String until,
      String limit,
      String cursor) {
    return new ReleaseQuery(
        blankToNull(service),
        parseStatuses(status),
        blankToNull(strategy),
        blankToNull(version),
        parseInstant("since", since),
        parseInstant("until", until),
        parseLimit(limit),
        blankToNull(cursor),
        null);
  }

  public ReleaseQuery withService(String name) {
    return new ReleaseQuery(
        name, statuses, strategy, version, since, until, limit, cursor, trigger);
  }

  public ReleaseQuery withStatuses(ReleaseStatus... wanted) {
    return new ReleaseQuery(
        service, Set.of(wanted), strategy, version, since, until, limit, cursor, trigger);
  }

  public ReleaseQuery withStrategy(String name) {
    return new ReleaseQuery(service, statuses, name, version, since, until, limit, cursor, trigger);
  }

  public ReleaseQuery withVersion(String exact) {
    return new ReleaseQuery(
        service, statuses, strategy, exact, since, until, limit, cursor, trigger);
  }

  public ReleaseQuery withSince(Instant inclusive) {
    return new ReleaseQuery(
        service, statuses, strategy, version, inclusive, until, limit, cursor, trigger);
  }

  public ReleaseQuery withUntil(Instant exclusive) {
    return new ReleaseQuery(
        service, statuses, strategy, version, since, exclusive, limit, cursor, trigger);
  }

  public ReleaseQuery withLimit(int size) {
    return new ReleaseQuery(
        service, statuses, strategy, version, since, until, size, cursor, trigger);
  }

  /** The page after the one that answered {@code nextCursor}. */
  public ReleaseQuery withCursor(String nextCursor) {
    return new ReleaseQuery(
        service, statuses, strategy, version, since, until, limit, nextCursor, trigger);
  }

  public ReleaseQuery withTrigger(ReleaseTrigger startedBy) {
    return new ReleaseQuery(
        service, statuses, strategy, version, since, until, limit, cursor, startedBy);
  }

  /** With the {@code trigger} query parameter as it arrives; null or blank: any. */
  public ReleaseQuery withTrigger(String parameter) {
    String value = blankToNull(parameter);
    if (value == null) {
      return withTrigger((ReleaseTrigger) null);
    }
    try {
      return withTrigger(ReleaseTrigger.of(value));
    } catch (IllegalArgumentException e) {
      throw new InvalidHistoryQueryException(
          "trigger",
          "'" + value + "' is not a trigger; use " + Arrays.toString(ReleaseTrigger.values()));
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static Set<ReleaseStatus> parseStatuses(String value) {
    if (blankToNull(value) == null) {
      return Set.of();
    }
    Set<ReleaseStatus> statuses = EnumSet.noneOf(ReleaseStatus.class);
    for (String part : value.split(",")) {
      try {
        statuses.add(ReleaseStatus.of(part.trim()));
      } catch (IllegalArgumentException e) {
        throw new InvalidHistoryQueryException(
            "status",
            "'"
                + part.trim()
                + "' is not a status; use "
                + Arrays.toString(ReleaseStatus.values()));
      }
    }
    return statuses;
  }

  private static Instant parseInstant(String parameter, String value) {
    if (blankToNull(value) == null) {
      return null;
    }
    String text = value.trim();
    try {
      // A bare date means its start in UTC, as a person typing --since 2026-11-28 expects.
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidHistoryQueryException(
          parameter, "'" + value + "' is not an ISO-8601 instant like 2026-11-28T10:00:00Z");
    }
  }

  private static int parseLimit(String value) {
    if (blankToNull(value) == null) {
      return DEFAULT_LIMIT;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidHistoryQueryException(
          "limit", "'" + value + "' is not a number between 1 and " + MAX_LIMIT);
    }
  }
}
