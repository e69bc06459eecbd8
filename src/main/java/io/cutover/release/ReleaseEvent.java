package io.cutover.release;

import com.fasterxml.jackson.annotation.JsonRawValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One step of a release's log, e.g. {@code instances.started}, {@code traffic.switched}. */
@Entity
@Table(name = "release_events")
public class ReleaseEvent {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "release_id", nullable = false)
  private long releaseId;

  @Column(nullable = false)
  private Instant at;

  @Column(nullable = false)
  private String type;

  @Column(nullable = false)
  private String message;

  private String data;

  protected ReleaseEvent() {}

  ReleaseEvent(long releaseId, Instant at, String type, String message, String data) {
    this.releaseId = releaseId;
    this.at = at;
    this.type = type;
    this.message = message;
    this.data = data;
  }

  /** Grows with every event of every release: the position for "events after id N". */
  public long getId() {
    return id;
  }

  public long getReleaseId() {
    return releaseId;
  }

  public Instant getAt() {
    return at;
  }

  /** Short dotted name: {@code instances.started}, {@code traffic.switched}. */
  public String getType() {
    return type;
  }

  /** For a person: {@code 2 instances of v2 healthy after 3.1s}. */
  public String getMessage() {
    return message;
  }

  /** Machine-readable details as a JSON document, written into the API's JSON as is; or null. */
  @JsonRawValue
  public String getData() {
    return data;
  }

  @Override
  public String toString() {
    return "event " + id + " release=" + releaseId + " type=" + type + " message=" + message;
  }
}
