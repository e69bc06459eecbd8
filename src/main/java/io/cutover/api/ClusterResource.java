package io.cutover.api;

import io.cutover.cluster.Member;
import io.cutover.cluster.Membership;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The gateways of the cluster: {@code GET /api/v1/cluster/members}, every member alive (a heartbeat
 * within {@code cutover.cluster.lease}), oldest first, and which one answered.
 */
@Path("/api/v1/cluster/members")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
  private final Membership membership;

  ClusterResource(Membership membership) {
    this.membership = membership;
  }

  /** The list, and the id of the member that answered. */
  public record Members(List<Member> items, String self) {}

  @GET
  @Operation(summary = "The gateways sharing this database, alive now")
  public Uni<Members> members() {
    return membership.alive().map(items -> new Members(items, membership.selfId()));
  }
}
