package io.cutover.replication;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.instance.Instance;
import io.cutover.instance.InstanceState;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One service's pools as a member published them: what {@code published_routes.pools} holds.
 * Instances are addresses only; each member checks their health itself.
 */
public record PublishedRoute(
    String service,
    long revision,
    String memberId,
    List<Pools> pools,
    Long liveReleaseId,
    String liveVersion) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PublishedRoute {
    pools = List.copyOf(pools);
  }

  /** A row of a service not deployed yet on the publisher. */
  public PublishedRoute(String service, long revision, String memberId, List<Pools> pools) {
    this(service, revision, memberId, pools, null, null);
  }

  /** One pool: version, share, role and the instances' addresses. */
  public record Pools(String version, int weight, Pool.Role role, List<Address> instances) {
    public Pools {
      instances = List.copyOf(instances);
    }
  }

  /**
   * One instance as published: its id on the publisher, its index, where it listens, and whether it
   * was healthy there (another member then confirms it with one check of its own).
   */
  public record Address(String id, int index, String host, int port, boolean healthy) {}

  /**
   * A NOTIFY's payload: the row as published ({@code pools} null when it did not fit, then it is
   * read), and {@code at}, when it was written, in epoch microseconds of the database's clock.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Announcement(
      String service,
      long revision,
      long at,
      String memberId,
      List<Pools> pools,
      Long liveReleaseId,
      String liveVersion) {
    static Announcement parse(String payload) {
      try {
        return JSON.readValue(payload, Announcement.class);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The row, when the payload carried it whole. */
    PublishedRoute route() {
      return pools == null
          ? null
          : new PublishedRoute(service, revision, memberId, pools, liveReleaseId, liveVersion);
    }
  }

  static List<Pools> of(List<InstancePool> pools) {
    return pools.stream()
        .map(
            pool ->
                new Pools(
                    pool.version(),
                    pool.weight(),
                    pool.role(),
                    pool.instances().stream().map(PublishedRoute::address).toList()))
        .toList();
  }

  private static Address address(Instance instance) {
    return new Address(
        instance.id(),
        instance.index(),
        instance.host(),
        instance.port(),
        instance.state() == InstanceState.HEALTHY);
  }

  static String json(List<Pools> pools) {
    try {
      return JSON.writeValueAsString(pools);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Pools> parse(String json) {
    try {
      return List.of(JSON.readValue(json, Pools[].class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
