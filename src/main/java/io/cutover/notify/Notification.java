package io.cutover.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One event of one release for one webhook: its delivery id and the exact body bytes every try
 * sends (so a retry carries the same signature).
 */
record Notification(String deliveryId, long releaseId, String eventType, byte[] body) {

  static Notification of(Release release, ReleaseEvent event, ObjectMapper mapper) {
    String deliveryId = UUID.randomUUID().toString();
    Map<String, Object> releasePart = new LinkedHashMap<>();
    releasePart.put("id", release.getId());
    releasePart.put("version", release.getVersion());
    releasePart.put("strategy", release.getStrategy());
    releasePart.put("status", release.getStatus().value());
    releasePart.put("trigger", release.getTrigger().value());
    Map<String, Object> eventPart = new LinkedHashMap<>();
    eventPart.put("id", event.getId());
    eventPart.put("type", event.getType());
    eventPart.put("message", event.getMessage());
    eventPart.put("at", event.getAt().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("deliveryId", deliveryId);
    body.put("service", release.getService());
    body.put("release", releasePart);
    body.put("event", eventPart);
    try {
      return new Notification(
          deliveryId, release.getId(), event.getType(), mapper.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }
}
