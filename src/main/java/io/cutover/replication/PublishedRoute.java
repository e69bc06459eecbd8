package io.cutover.replication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cutover.instance.Instance;
import io.cutover.routing.Pool;
import io.cutover.service.InstancePool;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One service's pools as a member published them: what {@code published_routes.pools} holds.
 * Instances are addresses only; each member checks their health itself.
 */
public record PublishedRoute(String service, long revision, String memberId, List<Pools> pools) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PublishedRoute {
    pools = List.copyOf(pools);
  }

  /** One pool: version, share, role and the instances' addresses. */
  public record Pools(String version, int weight, Pool.Role role, List<Address> instances) {
    public Pools {
      instances = List.copyOf(instances);
    }
  }

  /** One instance as published: its id on the publisher, its index and where it listens. */
  public record Address(String id, int index, String host, int port) {}

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
    return new Address(instance.id(), instance.index(), instance.host(), instance.port());
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
