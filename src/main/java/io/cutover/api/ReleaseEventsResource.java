package io.cutover.api;

import io.cutover.release.Page;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseHistory;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /api/v1/releases/{id}/events}: a release's step log, as one JSON list or, with {@code
 * Accept: text/event-stream}, live until the release ends.
 */
@Path("/api/v1/releases/{id}/events")
public class ReleaseEventsResource {
  private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);
  private final ReleaseHistory history;
  private final ReleaseEventFeed feed;

  ReleaseEventsResource(ReleaseHistory history, ReleaseEventFeed feed) {
    this.history = history;
    this.feed = feed;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "A release's step log so far, oldest first")
  @APIResponse(responseCode = "200", description = "items, oldest first; nextCursor is null")
  @APIResponse(responseCode = "404", description = "No such release")
  public Uni<Page<ReleaseEvent>> events(@RestPath String id) {
    long releaseId = ReleaseId.parse(id);
    return history
        .find(releaseId)
        .chain(() -> history.events(releaseId))
        .map(events -> new Page<>(events, null));
  }

  /**
   * One SSE event per step: {@code id} the event id, {@code event} its type, {@code data} its JSON.
   * A reconnecting client's {@code Last-Event-ID} resumes after that event.
   */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(summary = "A release's step log live: past events, then new ones until it ends")
  public Multi<OutboundSseEvent> stream(
      @RestPath String id, @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
    long releaseId = ReleaseId.parse(id);
    long after = afterEvent(lastEventId);
    // Looked up before the stream starts, on a worker thread: once a Multi is returned the SSE
    // headers go out at once, and an unknown release could only end an empty 200 stream.
    history.find(releaseId).await().atMost(LOOKUP_TIMEOUT);
    return feed.follow(releaseId, after)
        .map(
            event ->
                sse.newEventBuilder()
                    .id(Long.toString(event.getId()))
                    .name(event.getType())
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(ReleaseEvent.class, event)
                    .build());
  }

  private static long afterEvent(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return 0;
    }
    try {
      return Long.parseLong(lastEventId.trim());
    } catch (NumberFormatException e) {
      throw new ProblemException(
          400,
          "Last-Event-ID \"" + lastEventId + "\" is not an event id: send the id: of an event");
    }
  }
}
