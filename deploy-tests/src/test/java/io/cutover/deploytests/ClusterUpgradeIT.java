package io.cutover.deploytests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade of a two-member cluster behind HAProxy (round robin, no retries), under a
 * never-retrying load through HAProxy: each member in turn is replaced the way the README upgrades
 * a gateway (the new binary starts beside it on its traffic port, then the old one gets SIGTERM).
 * Not one request fails, and the upgraded cluster deploys as before.
 */
class ClusterUpgradeIT {
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(90);

  private final Vertx vertx = Vertx.vertx();
  private final StaticTargets targets = new StaticTargets(vertx);
  private Gateway first;
  private Gateway second;
  private Gateway firstNext;
  private Gateway secondNext;

  @BeforeEach
  void create() {
    Gateway.assumeDatabase();
    first = Gateway.create("", "  type: static");
  }

  @AfterEach
  void stop() throws Exception {
    for (Gateway gateway : new Gateway[] {secondNext, firstNext, second, first}) {
      if (gateway != null) {
        gateway.close();
      }
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void upgradingBothMembersOneAfterTheOtherUnderLoadFailsNoRequest() throws Exception {
    GatewayHandoffIT.assumeMigratedAcceptQueues();
    second = targets.twoMembersServing(first, "v1");

    Load.Result result;
    long upgradeMs;
    try (HaProxy haProxy = HaProxy.start(first.proxyPort, second.proxyPort);
        Load load = Load.start(haProxy.port, Duration.ofSeconds(180))) {
      load.awaitMore(500);
      long start = System.nanoTime();
      firstNext = first.successor();
      firstNext.start();
      first.stop();
      load.awaitMore(500);
      secondNext = second.successor();
      secondNext.start();
      second.stop();
      upgradeMs = (System.nanoTime() - start) / 1_000_000;
      load.awaitMore(500);
      // The upgraded cluster: a deploy through one member reaches the other.
      secondNext.awaitLive(targets.deploy(secondNext, "v2", "bluegreen"), RELEASE_TIMEOUT);
      await("both upgraded members serve v2")
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(
              () ->
                  Load.once(firstNext.proxyPort).equals("200 v2")
                      && Load.once(secondNext.proxyPort).equals("200 v2"));
      load.awaitMore(500);
      result = load.stop();
    }
    System.out.printf(
        Locale.ROOT,
        "scenario=cluster-rolling-upgrade requests=%d non2xx=%d connErrors=%d p99Steady=n/a"
            + " p99Deploy=n/a upgradeMs=%d statuses=%s%n",
        result.requests(),
        result.non2xx(),
        result.connErrors(),
        upgradeMs,
        result.statuses());
    Gateway.assertNoFailures("load through HAProxy across the rolling upgrade", result);
    JsonNode members =
        new ObjectMapper().readTree(firstNext.get("/api/v1/cluster/members").body()).get("items");
    assertEquals(2, members.size(), "the upgraded members, the old ones gone: " + members);
  }
}
