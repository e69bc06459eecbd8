package io.cutover.release;

import static io.cutover.release.ReleaseFixtures.await;
import static io.cutover.release.ReleaseFixtures.create;
import static io.cutover.release.ReleaseFixtures.uniqueService;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReleaseEventsTest {
  @Inject ReleaseHistory history;

  @Test
  void eventsAreReadBackInTheOrderTheyWereAppended() {
    long id = create(history, uniqueService(), "v2").getId();
    long otherId = create(history, uniqueService(), "v2").getId();

    await(history.append(id, "instances.started", "2 instances of v2 started", "{\"count\":2}"));
    await(history.append(otherId, "instances.started", "other release", null));
    await(history.append(id, "traffic.switched", "all traffic on v2", null));
    await(history.append(id, "drain.finished", "v1 drained in 1.2s", "{\"ms\":1200}"));

    List<ReleaseEvent> events = await(history.events(id));

    assertEquals(
        List.of("instances.started", "traffic.switched", "drain.finished"),
        events.stream().map(ReleaseEvent::getType).toList());
    assertTrue(events.stream().allMatch(event -> event.getReleaseId() == id));
    assertEquals("2 instances of v2 started", events.get(0).getMessage());
    assertEquals("{\"count\":2}", events.get(0).getData());
    assertNull(events.get(1).getData());
    assertTrue(events.get(0).getId() < events.get(1).getId());
    assertTrue(!events.get(1).getAt().isBefore(events.get(0).getAt()));
  }

  @Test
  void eventsAfterAnIdAreTheTailForALiveStream() {
    long id = create(history, uniqueService(), "v2").getId();
    ReleaseEvent first = await(history.append(id, "instances.started", "started", null));
    ReleaseEvent second = await(history.append(id, "instances.healthy", "healthy", null));

    assertEquals(List.of(second.getId()), ids(await(history.eventsAfter(id, first.getId()))));
    assertEquals(List.of(), ids(await(history.eventsAfter(id, second.getId()))));

    ReleaseEvent third = await(history.append(id, "traffic.switched", "switched", null));
    assertEquals(List.of(third.getId()), ids(await(history.eventsAfter(id, second.getId()))));
  }

  @Test
  void anEventOfAnUnknownReleaseIsRefused() {
    assertThrows(
        ReleaseNotFoundException.class,
        () -> await(history.append(Long.MAX_VALUE, "instances.started", "nobody", null)));
  }

  private static List<Long> ids(List<ReleaseEvent> events) {
    return events.stream().map(ReleaseEvent::getId).toList();
  }
}
