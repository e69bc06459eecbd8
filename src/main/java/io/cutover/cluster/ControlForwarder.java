package io.cutover.cluster;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Hands a control call (promote, abort, pause, resume) for a release another member runs to that
 * member's admin API, with the token the members share ({@code cutover.admin.token}: the caller was
 * authorized here, by the token or a dashboard session only this member knows), and gives back its
 * answer as it is.
 */
@ApplicationScoped
public class ControlForwarder {
  private static final Logger LOG = Logger.getLogger(ControlForwarder.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  private final ServiceLeases leases;

  ControlForwarder(ServiceLeases leases) {
    this.leases = leases;
  }

  /** The other member's answer. */
  public record Answer(int status, String contentType, String body, String memberId) {}

  /**
   * Forwards {@code POST /api/v1/releases/{id}/{verb}} to the member running the release; empty
   * when no other member runs it.
   */
  public Uni<Optional<Answer>> forward(
      long releaseId, String verb, String authorization, String body) {
    return leases
        .runElsewhere(releaseId)
        .chain(
            holder -> {
              if (holder.isEmpty()) {
                return Uni.createFrom().item(Optional.<Answer>empty());
              }
              ServiceLeases.Holder member = holder.get();
              HttpRequest.Builder request =
                  HttpRequest.newBuilder(
                          URI.create(
                              member.adminUrl() + "/api/v1/releases/" + releaseId + "/" + verb))
                      .timeout(TIMEOUT)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
              if (authorization != null) {
                request.header("Authorization", authorization);
              }
              LOG.infof(
                  "control call forwarded release=%d verb=%s member=%s",
                  releaseId, verb, member.memberId());
              return Uni.createFrom()
                  .completionStage(
                      () -> HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()))
                  .map(
                      response ->
                          Optional.of(
                              new Answer(
                                  response.statusCode(),
                                  response
                                      .headers()
                                      .firstValue("Content-Type")
                                      .orElse("application/json"),
                                  response.body(),
                                  member.memberId())));
            });
  }
}
