package io.cutover.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** Writes what a delivery did into its release's log; a database hiccup is logged, never thrown. */
@ApplicationScoped
class NotificationRecords {
  private static final Logger LOG = Logger.getLogger(NotificationRecords.class);

  private final ReleaseHistory history;
  private final ObjectMapper mapper;

  NotificationRecords(ReleaseHistory history, ObjectMapper mapper) {
    this.history = history;
    this.mapper = mapper;
  }

  Uni<Void> record(
      long releaseId, ReleaseEventType type, String message, Map<String, Object> data) {
    String json;
    try {
      json = mapper.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
    return history
        .append(releaseId, type, message, json)
        .replaceWithVoid()
        .onFailure()
        .invoke(
            e ->
                LOG.warnf(
                    "notification event not recorded release=%d type=%s reason=%s",
                    releaseId, type, e.getMessage()))
        .onFailure()
        .recoverWithNull();
  }
}
