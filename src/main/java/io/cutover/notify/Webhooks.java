package io.cutover.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.config.NotifyTarget;
import io.cutover.config.ServiceCatalog;
import io.cutover.config.ServiceConfig;
import io.cutover.release.Release;
import io.cutover.release.ReleaseEvent;
import io.cutover.release.ReleaseEventListener;
import io.cutover.release.ReleaseEventType;
import io.cutover.release.ReleaseHistory;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Hears every recorded release event and starts a delivery to each of the service's webhooks that
 * wants it. Off the release's path: the history only hands the event over, the release's service
 * and status are read afterwards, and the tries run on their own. At most {@code
 * cutover.notify.queue-size} deliveries are in progress at once; past that one is dropped and says
 * so in the release's log.
 */
@ApplicationScoped
public class Webhooks implements ReleaseEventListener {
  private static final Logger LOG = Logger.getLogger(Webhooks.class);
  private static final Set<String> NOTIFICATIONS =
      Arrays.stream(ReleaseEventType.values())
          .filter(ReleaseEventType::isNotification)
          .map(ReleaseEventType::value)
          .collect(Collectors.toUnmodifiableSet());

  private final ServiceCatalog catalog;
  private final ReleaseHistory history;
  private final NotificationRecords records;
  private final NotifyConfig config;
  private final ObjectMapper mapper;
  private final WebClient client;
  private final AtomicInteger inProgress = new AtomicInteger();

  Webhooks(
      ServiceCatalog catalog,
      ReleaseHistory history,
      NotificationRecords records,
      NotifyConfig config,
      ObjectMapper mapper,
      Vertx vertx) {
    this.catalog = catalog;
    this.history = history;
    this.records = records;
    this.config = config;
    this.mapper = mapper;
    // No redirects: a webhook answers itself; following one would resend the signed body elsewhere.
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis())));
  }

  @PreDestroy
  void close() {
    client.close();
  }

  @Override
  public void recorded(ReleaseEvent event) {
    // A delivery's own records never notify: no loop, and a failing receiver cannot feed itself.
    if (NOTIFICATIONS.contains(event.getType()) || !anyServiceWants(event.getType())) {
      return;
    }
    history
        .find(event.getReleaseId())
        .subscribe()
        .with(
            release -> deliver(release, event),
            failure ->
                LOG.warnf(
                    "notification not sent release=%d event=%s reason=%s",
                    event.getReleaseId(), event.getType(), failure.getMessage()));
  }

  /** Deliveries still being tried or waiting to be tried again. */
  public int inProgress() {
    return inProgress.get();
  }

  private boolean anyServiceWants(String type) {
    for (ServiceConfig service : catalog.services().values()) {
      for (NotifyTarget target : service.webhooks()) {
        if (target.wants(type)) {
          return true;
        }
      }
    }
    return false;
  }

  private void deliver(Release release, ReleaseEvent event) {
    List<NotifyTarget> targets =
        catalog.service(release.getService()).map(ServiceConfig::webhooks).orElse(List.of());
    for (NotifyTarget target : targets) {
      if (target.wants(event.getType())) {
        start(Notification.of(release, event, mapper), target);
      }
    }
  }

  private void start(Notification notification, NotifyTarget target) {
    if (inProgress.incrementAndGet() > config.queueSize()) {
      inProgress.decrementAndGet();
      dropped(notification, target);
      return;
    }
    // Read now, not at parse time: the service config carries the variable's name, never its value.
    String secret = target.secretEnv() == null ? null : System.getenv(target.secretEnv());
    if (target.secretEnv() != null && (secret == null || secret.isEmpty())) {
      inProgress.decrementAndGet();
      unsigned(notification, target);
      return;
    }
    Uni.createFrom()
        .deferred(
            () -> new WebhookDelivery(notification, target, secret, client, records, config).run())
        .onTermination()
        .invoke(inProgress::decrementAndGet)
        .subscribe()
        .with(
            done -> {},
            failure ->
                LOG.warnf(
                    failure,
                    "notification delivery broke release=%d delivery=%s",
                    notification.releaseId(),
                    notification.deliveryId()));
  }

  private void dropped(Notification notification, NotifyTarget target) {
    String why = config.queueSize() + " deliveries already in progress (cutover.notify.queue-size)";
    record(
        notification,
        target,
        ReleaseEventType.NOTIFICATION_DROPPED,
        notification.eventType() + " to " + target.shownUrl() + " dropped: " + why,
        why);
  }

  private void unsigned(Notification notification, NotifyTarget target) {
    String why = "the environment variable " + target.secretEnv() + " is not set: nothing sent";
    record(
        notification,
        target,
        ReleaseEventType.NOTIFICATION_FAILED,
        notification.eventType() + " to " + target.shownUrl() + " failed: " + why,
        why);
  }

  private void record(
      Notification notification,
      NotifyTarget target,
      ReleaseEventType type,
      String message,
      String reason) {
    LOG.warnf(
        "notification %s release=%d url=%s reason=%s",
        type.value(), notification.releaseId(), target.shownUrl(), reason);
    records
        .record(
            notification.releaseId(),
            type,
            message,
            Map.of(
                "deliveryId", notification.deliveryId(),
                "url", target.shownUrl(),
                "event", notification.eventType(),
                "reason", reason,
                "retry", false))
        .subscribe()
        .with(ignored -> {}, ignored -> {});
  }
}
