package io.cutover.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * One release of a service: the JSON shape of the admin API ({@code config} stays internal).
 * Instances handed out by {@link ReleaseHistory} are detached snapshots; change a release only
 * through {@link ReleaseHistory}, which enforces the status transitions.
 */
@Entity
@Table(name = "releases")
public class Release {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private String service;

  @Column(nullable = false)
  private String version;

  @Column(nullable = false)
  private String strategy;

  @Column(nullable = false)
  private ReleaseStatus status;

  @Column(name = "trigger", nullable = false)
  private ReleaseTrigger trigger;

  @Column(name = "previous_release_id")
  private Long previousReleaseId;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "started_at")
  private Instant startedAt;

  @Column(name = "switched_at")
  private Instant switchedAt;

  @Column(name = "finished_at")
  private Instant finishedAt;

  private String reason;

  private long requests;

  private long errors;

  private String config;

  @Convert(converter = TargetsColumn.class)
  private List<String> targets;

  protected Release() {}

  static Release pending(NewRelease request, Instant now) {
    Release release = new Release();
    release.service = request.service();
    release.version = request.version();
    release.strategy = request.strategy();
    release.status = ReleaseStatus.PENDING;
    release.trigger = request.trigger();
    release.previousReleaseId = request.previousReleaseId();
    release.createdAt = now;
    release.reason = request.reason();
    release.config = request.config();
    release.targets = request.targets();
    return release;
  }

  /** Applies a change whose status move was already checked; timestamps are set once. */
  void apply(ReleaseChange change, Instant now) {
    ReleaseStatus next = change.status();
    if (next != null && next != status) {
      status = next;
      if (next == ReleaseStatus.DEPLOYING && startedAt == null) {
        startedAt = now;
      }
      if (next == ReleaseStatus.LIVE && switchedAt == null) {
        switchedAt = now;
      }
      if ((next == ReleaseStatus.LIVE || next.isFinal()) && finishedAt == null) {
        finishedAt = now;
      }
    }
    if (change.switchedNow() && switchedAt == null) {
      switchedAt = now;
    }
    if (change.reason() != null) {
      reason = change.reason();
    }
    if (change.requests() != null) {
      requests = change.requests();
    }
    if (change.errors() != null) {
      errors = change.errors();
    }
  }

  public long getId() {
    return id;
  }

  public String getService() {
    return service;
  }

  public String getVersion() {
    return version;
  }

  /** The strategy plugin's name: bluegreen, rolling, canary, immediate, or a newer one. */
  public String getStrategy() {
    return strategy;
  }

  public ReleaseStatus getStatus() {
    return status;
  }

  public ReleaseTrigger getTrigger() {
    return trigger;
  }

  /** The release that was live when this one was created, if any. */
  public Long getPreviousReleaseId() {
    return previousReleaseId;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  /** When it left pending. */
  public Instant getStartedAt() {
    return startedAt;
  }

  /** When it took all the traffic. */
  public Instant getSwitchedAt() {
    return switchedAt;
  }

  /** When the deploy ended: live, failed, rolled back or aborted. */
  public Instant getFinishedAt() {
    return finishedAt;
  }

  public String getReason() {
    return reason;
  }

  /** Requests it served during its deploy. */
  public long getRequests() {
    return requests;
  }

  /** 5xx and connection errors among {@link #getRequests()}. */
  public long getErrors() {
    return errors;
  }

  /** The service config JSON it ran with, so a rollback can run it again. */
  @JsonIgnore
  public String getConfig() {
    return config;
  }

  /** {@code host:port} instances for the static driver; null for other drivers. */
  public List<String> getTargets() {
    return targets;
  }

  @Override
  public String toString() {
    return "release " + id + " service=" + service + " version=" + version + " status=" + status;
  }
}
