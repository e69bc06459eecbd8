package io.cutover.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.support.ProxyHarness;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers an instance can believe: a client's own claims pass only from a trusted peer.
 */
class ProxyForwardingTest {
  private static final Map<String, String> CLAIMS =
      Map.of(
          "X-Forwarded-For", "6.6.6.6",
          "X-Forwarded-Proto", "https",
          "X-Forwarded-Host", "bank.example",
          "Forwarded", "for=6.6.6.6;proto=https");
  private ProxyHarness harness;

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void fromAnUntrustedPeerTheForwardingHeadersAreReplaced() {
    String seen = headersSeen(UnaryOperator.identity(), CLAIMS);
    assertTrue(seen.contains("x-forwarded-for: 127.0.0.1\n"), seen);
    assertTrue(seen.contains("x-forwarded-proto: http\n"), seen);
    assertTrue(seen.contains("x-forwarded-host: web.localhost\n"), seen);
    assertFalse(seen.contains("6.6.6.6"), seen);
    assertFalse(seen.contains("bank.example"), seen);
    assertFalse(seen.contains("forwarded: for="), seen);
  }

  @Test
  void fromATrustedPeerXForwardedForIsAppendedToAndTheOthersKept() {
    String seen = headersSeen(trusting("10.0.0.0/8", "127.0.0.0/8"), CLAIMS);
    assertTrue(seen.contains("x-forwarded-for: 6.6.6.6, 127.0.0.1\n"), seen);
    assertTrue(seen.contains("x-forwarded-proto: https\n"), seen);
    assertTrue(seen.contains("x-forwarded-host: bank.example\n"), seen);
    assertTrue(seen.contains("forwarded: for=6.6.6.6;proto=https\n"), seen);
  }

  @Test
  void aPeerOutsideTheTrustedRangesIsNotTrusted() {
    String seen = headersSeen(trusting("10.0.0.0/8", "::1/128"), CLAIMS);
    assertTrue(seen.contains("x-forwarded-for: 127.0.0.1\n"), seen);
  }

  @Test
  void aWellFormedRequestIdIsKeptAndAnythingElseReplaced() {
    String kept = "req-42.a_b:C";
    assertEquals(kept, requestIdSeen(UnaryOperator.identity(), kept));
    String longest = "a".repeat(128);
    assertEquals(longest, requestIdSeen(UnaryOperator.identity(), longest));
    for (String bad : List.of("a".repeat(129), "two words", "id\"quoted", "x;drop", "é")) {
      String seen = requestIdSeen(UnaryOperator.identity(), bad);
      assertTrue(seen.matches("[0-9a-f]{16}"), bad + " became " + seen);
    }
  }

  @Test
  void aTrustedPeersRequestIdIsKeptAsIs() {
    assertEquals("two words", requestIdSeen(trusting("127.0.0.1"), "two words"));
  }

  private static UnaryOperator<ProxySettings> trusting(String... cidrs) {
    return s -> s.withTrustedProxies(TrustedProxies.parse(List.of(cidrs)));
  }

  private String requestIdSeen(UnaryOperator<ProxySettings> tweak, String id) {
    String seen = headersSeen(tweak, Map.of("X-Request-Id", id));
    for (String line : seen.split("\n")) {
      if (line.startsWith("x-request-id: ")) {
        return line.substring("x-request-id: ".length());
      }
    }
    throw new AssertionError("no request id: " + seen);
  }

  private String headersSeen(UnaryOperator<ProxySettings> tweak, Map<String, String> headers) {
    if (harness == null) {
      harness = new ProxyHarness(tweak);
      harness.route("web", "web.localhost", "/", harness.instance("v1").backend());
    }
    return harness.get("web.localhost", "/headers", headers).body();
  }
}
