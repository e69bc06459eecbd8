package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.await;
import static io.cutover.release.ReleaseFixtures.release;
import static io.cutover.release.ReleaseFixtures.uniqueService;
import static io.cutover.release.ReleaseStatus.ABORTED;
import static io.cutover.release.ReleaseStatus.FAILED;
import static io.cutover.release.ReleaseStatus.LIVE;
import static io.cutover.release.ReleaseStatus.PENDING;
import static io.cutover.release.ReleaseStatus.ROLLED_BACK;
import static io.cutover.release.ReleaseStatus.SUPERSEDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseHistoryQueryTest {
  @Inject ReleaseHistory history;

  /** Five finished releases of one fresh service, oldest first. */
  private List<Release> fiveReleases(String service) {
    return List.of(
        release(history, service, "v1", "bluegreen", SUPERSEDED),
        release(history, service, "v2", "canary", ROLLED_BACK),
        release(history, service, "v3", "canary", FAILED),
        release(history, service, "v3", "rolling", LIVE),
        release(history, service, "v4", "canary", ABORTED));
  }

  @Test
  void theHistoryOfAServiceIsNewestFirst() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);

    Page<Release> page = await(history.history(ReleaseQuery.newest().withService(service)));

    assertEquals(ids(made.get(4), made.get(3), made.get(2), made.get(1), made.get(0)), ids(page));
    assertNull(page.nextCursor());
  }

  @Test
  void statusFiltersTheHistoryAndAcceptsSeveral() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);
    ReleaseQuery query = ReleaseQuery.newest().withService(service);

    assertEquals(ids(made.get(2)), ids(await(history.history(query.withStatuses(FAILED)))));
    assertEquals(
        ids(made.get(2), made.get(1)),
        ids(await(history.history(query.withStatuses(FAILED, ROLLED_BACK)))));
    assertEquals(ids(), ids(await(history.history(query.withStatuses(PENDING)))));
  }

  @Test
  void strategyFiltersTheHistory() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);

    Page<Release> canaries =
        await(history.history(ReleaseQuery.newest().withService(service).withStrategy("canary")));

    assertEquals(ids(made.get(4), made.get(2), made.get(1)), ids(canaries));
  }

  @Test
  void versionFiltersTheHistory() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);

    Page<Release> v3 =
        await(history.history(ReleaseQuery.newest().withService(service).withVersion("v3")));

    assertEquals(ids(made.get(3), made.get(2)), ids(v3));
  }

  @Test
  void sinceIsInclusiveAndUntilExclusiveOnTheCreationTime() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);
    ReleaseQuery query = ReleaseQuery.newest().withService(service);

    Page<Release> since = await(history.history(query.withSince(made.get(2).getCreatedAt())));
    Page<Release> until = await(history.history(query.withUntil(made.get(2).getCreatedAt())));
    Page<Release> between =
        await(
            history.history(
                query.withSince(made.get(1).getCreatedAt()).withUntil(made.get(3).getCreatedAt())));

    assertEquals(ids(made.get(4), made.get(3), made.get(2)), ids(since));
    assertEquals(ids(made.get(1), made.get(0)), ids(until));
    assertEquals(ids(made.get(2), made.get(1)), ids(between));
  }

  @Test
  void theHistoryAcrossServicesCombinesFilters() {
    String version = "v-" + UUID.randomUUID();
    Release web = release(history, uniqueService(), version, "bluegreen", LIVE);
    Release api = release(history, uniqueService(), version, "canary", FAILED);
    Release worker = release(history, uniqueService(), version, "canary", LIVE);

    ReleaseQuery query = ReleaseQuery.newest().withVersion(version);

    assertEquals(ids(worker, api, web), ids(await(history.history(query))));
    assertEquals(ids(worker, web), ids(await(history.history(query.withStatuses(LIVE)))));
    assertEquals(
        ids(worker), ids(await(history.history(query.withStatuses(LIVE).withStrategy("canary")))));
    assertEquals(
        ids(worker, api), ids(await(history.history(query.withSince(api.getCreatedAt())))));
  }

  @Test
  void theLimitDefaultsTo50AndStaysBetween1And500() {
    assertEquals(50, ReleaseQuery.newest().limit());
    assertEquals(500, ReleaseQuery.newest().withLimit(500).limit());

    InvalidHistoryQueryException zero =
        assertThrows(InvalidHistoryQueryException.class, () -> ReleaseQuery.newest().withLimit(0));
    InvalidHistoryQueryException tooMany =
        assertThrows(
            InvalidHistoryQueryException.class, () -> ReleaseQuery.newest().withLimit(501));

    assertEquals("limit", zero.parameter());
    assertEquals("limit: must be between 1 and 500, got 501", tooMany.getMessage());
  }

  @Test
  void aLimitCutsThePageAndAnswersACursor() {
    String service = uniqueService();
    List<Release> made = fiveReleases(service);

    Page<Release> page =
        await(history.history(ReleaseQuery.newest().withService(service).withLimit(5)));
    Page<Release> shorter =
        await(history.history(ReleaseQuery.newest().withService(service).withLimit(2)));

    assertEquals(5, page.items().size());
    assertNull(page.nextCursor(), "exactly the last row: no further page");
    assertEquals(ids(made.get(4), made.get(3)), ids(shorter));
    assertNotNull(shorter.nextCursor());
  }

  @Test
  void pagesFollowTheCursorWithoutDuplicatesOrGapsWhileNewReleasesArrive() {
    String service = uniqueService();
    List<Release> older = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      older.add(release(history, service, "v" + i, "bluegreen", FAILED));
    }
    ReleaseQuery query = ReleaseQuery.newest().withService(service).withLimit(3);

    Page<Release> first = await(history.history(query));
    release(history, service, "v8", "bluegreen", FAILED); // arrives between page reads
    Page<Release> second = await(history.history(query.withCursor(first.nextCursor())));
    release(history, service, "v9", "bluegreen", FAILED);
    Page<Release> third = await(history.history(query.withCursor(second.nextCursor())));

    List<Long> seen = new ArrayList<>();
    seen.addAll(ids(first));
    seen.addAll(ids(second));
    seen.addAll(ids(third));
    List<Long> expected = new ArrayList<>(older.stream().map(Release::getId).toList());
    java.util.Collections.reverse(expected);
    assertEquals(expected, seen);
    assertEquals(3, first.items().size());
    assertEquals(3, second.items().size());
    assertEquals(1, third.items().size());
    assertNull(third.nextCursor());
  }

  @Test
  void queryParametersAreParsedOrRefusedByName() {
    ReleaseQuery parsed =
        ReleaseQuery.parse(
            "web",
            "failed,rolled_back",
            "canary",
            "v2",
            "2026-11-28T10:00:00Z",
            "2026-11-29",
            "20",
            null);

    assertEquals("web", parsed.service());
    assertEquals(java.util.Set.of(FAILED, ROLLED_BACK), parsed.statuses());
    assertEquals(java.time.Instant.parse("2026-11-28T10:00:00Z"), parsed.since());
    assertEquals(java.time.Instant.parse("2026-11-29T00:00:00Z"), parsed.until());
    assertEquals(20, parsed.limit());
    assertEquals(50, ReleaseQuery.parse(null, "", null, null, null, null, null, null).limit());

    assertEquals("status", refused("web", "broken", null, null, null, null).parameter());
    assertEquals("since", refused(null, null, "yesterday", null, null, null).parameter());
    assertEquals("until", refused(null, null, null, "noon", null, null).parameter());
    assertEquals("limit", refused(null, null, null, null, "ten", null).parameter());
    assertEquals("limit", refused(null, null, null, null, "501", null).parameter());
    assertEquals("cursor", refused(null, null, null, null, null, "not-a-cursor").parameter());
    assertEquals(
        "until",
        refused(null, null, "2026-11-29T00:00:00Z", "2026-11-28T00:00:00Z", null, null)
            .parameter());
  }

  private static InvalidHistoryQueryException refused(
      String service, String status, String since, String until, String limit, String cursor) {
    return assertThrows(
        InvalidHistoryQueryException.class,
        () -> ReleaseQuery.parse(service, status, null, null, since, until, limit, cursor));
  }

  private static List<Long> ids(Release... releases) {
    return java.util.Arrays.stream(releases).map(Release::getId).toList();
  }

  private static List<Long> ids(Page<Release> page) {
    return page.items().stream().map(Release::getId).toList();
  }
}
