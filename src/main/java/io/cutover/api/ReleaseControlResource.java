package io.cutover.api;

import io.cutover.cluster.ControlForwarder;
import io.cutover.deploy.ReleaseExecutor;
import io.cutover.release.Release;
import io.cutover.release.ReleaseHistory;
import io.cutover.release.ReleaseStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponses;
import org.jboss.resteasy.reactive.RestPath;

/**
 * Drives a running release: {@code POST /api/v1/releases/{id}/promote|abort|pause|resume}. Each
 * answers 202 with the release as it is right after the action was handed to the executor (the
 * status follows as the rollout acts on it), or 409 saying why the action does not apply.
 */
@Path("/api/v1/releases/{id}")
@Produces(MediaType.APPLICATION_JSON)
@APIResponses({
  @APIResponse(responseCode = "202", description = "Handed to the rollout; the release"),
  @APIResponse(responseCode = "404", description = "No such release"),
  @APIResponse(responseCode = "409", description = "The action does not apply to it now"),
  @APIResponse(
      responseCode = "415",
      description = "A body or an Origin header without Content-Type: application/json")
})
public class ReleaseControlResource {
  private final ReleaseHistory history;
  private final ReleaseExecutor executor;
  private final JsonBody json;
  private final ControlForwarder forwarder;
  // Forwarded calls carry this member's token, whether the caller here sent it or a dashboard
  // session cookie (which only this member knows).
  private final AdminToken token;

  ReleaseControlResource(
      ReleaseHistory history,
      ReleaseExecutor executor,
      JsonBody json,
      ControlForwarder forwarder,
      AdminToken token) {
    this.forwarder = forwarder;
    this.token = token;
    this.history = history;
    this.executor = executor;
    this.json = json;
  }

  @POST
  @Path("promote")
  @Operation(summary = "End the pause step a release waits at: next step, or finish")
  public Uni<Response> promote(@RestPath String id) {
    return act(
        id,
        new Forward("promote", null),
        executor::promote,
        release ->
            release.getStatus() == ReleaseStatus.PAUSED
                ? "release "
                    + release.getId()
                    + " is paused by hand, not waiting at a pause step: resume it to go on"
                : "release "
                    + release.getId()
                    + " is "
                    + release.getStatus()
                    + " and not waiting at a pause step: promote ends a pause step (a canary step"
                    + " with pause 0 waits for it)");
  }

  @POST
  @Path("abort")
  @Consumes(MediaType.WILDCARD)
  @Operation(summary = "Stop a running release: traffic goes back to the live version")
  @RequestBody(
      description = "optional: why",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = AbortBody.class)))
  public Uni<Response> abort(@RestPath String id, String text) {
    AbortBody body = json.read(text, AbortBody.class);
    String reason =
        body == null || body.reason() == null || body.reason().isBlank()
            ? "by request through the API"
            : body.reason();
    return act(
        id,
        new Forward("abort", text),
        releaseId -> executor.abort(releaseId, reason),
        release -> null);
  }

  @POST
  @Path("pause")
  @Operation(summary = "Hold a running release before its next step, until resume")
  public Uni<Response> pause(@RestPath String id) {
    return act(id, new Forward("pause", null), executor::pause, release -> null);
  }

  @POST
  @Path("resume")
  @Operation(summary = "Let a release paused by hand go on")
  public Uni<Response> resume(@RestPath String id) {
    return act(
        id,
        new Forward("resume", null),
        executor::resume,
        release ->
            release.getStatus() == ReleaseStatus.PAUSED
                ? "release "
                    + release.getId()
                    + " waits at a pause step, not a pause by hand: promote it to go on"
                : "release "
                    + release.getId()
                    + " is "
                    + release.getStatus()
                    + ", not paused: resume lets a release paused by hand go on");
  }

  /** The call as another member of the cluster would get it ({@link ControlForwarder}). */
  private record Forward(String verb, String body) {}

  /**
   * Runs {@code action} on a release this gateway drives, or hands the call to the member that
   * drives it; a refusal answers 409 with {@code whyRunningRefused} (or a general detail when
   * null), an ended release says it has ended.
   */
  private Uni<Response> act(
      String id,
      Forward forward,
      ActionOnRelease action,
      Function<Release, String> whyRunningRefused) {
    long releaseId = ReleaseId.parse(id);
    return history
        .find(releaseId)
        .chain(
            release -> {
              if (!release.getStatus().isRunning()) {
                throw new ProblemException(409, ended(release));
              }
              if (action.apply(releaseId)) {
                return history.find(releaseId).map(found -> Response.accepted(found).build());
              }
              return forwarder
                  .forward(releaseId, forward.verb(), token.authorization(), forward.body())
                  .map(
                      answer -> {
                        if (answer.isPresent()) {
                          return Response.status(answer.get().status())
                              .type(answer.get().contentType())
                              .header("X-Cutover-Member", answer.get().memberId())
                              .entity(answer.get().body())
                              .build();
                        }
                        String why = whyRunningRefused.apply(release);
                        throw new ProblemException(409, why != null ? why : notDrivenHere(release));
                      });
            });
  }

  private static String ended(Release release) {
    String when =
        release.getStatus() == ReleaseStatus.LIVE
            ? " (it serves the traffic; its deploy is over)"
            : " (it has ended)";
    return "release "
        + release.getId()
        + " is "
        + release.getStatus()
        + when
        + ": only a pending, deploying or paused release can be driven";
  }

  private static String notDrivenHere(Release release) {
    return "release "
        + release.getId()
        + " is "
        + release.getStatus()
        + " but no rollout of it runs in this gateway yet: try again in a moment";
  }

  /** An executor control: true when the running release took it. */
  @FunctionalInterface
  private interface ActionOnRelease {
    boolean apply(long releaseId);
  }
}
