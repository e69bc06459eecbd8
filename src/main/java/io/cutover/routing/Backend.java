package io.cutover.routing;

import io.vertx.core.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One instance as the proxy sees it: an address and its live counters.
 *
 * <p>The same object is carried from one route table to the next, so its counters survive table
 * swaps; a drain waits on {@link #inFlight()} of the very object the requests incremented.
 */
public final class Backend {
  private final String id;
  private final String version;
  private final SocketAddress address;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder clientAborts = new LongAdder();
  private final LongAdder forcedRequests = new LongAdder();
  private final LongAdder forcedErrors = new LongAdder();
  // By status class (2xx..5xx) and failure kind, for /q/metrics: one increment on this object as a
  // request ends, read on scrape.
  private final LongAdder[] answers = {
    new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder()
  };
  private final LongAdder[] failures = {new LongAdder(), new LongAdder(), new LongAdder()};
  private final Set<Tunnel> tunnels = ConcurrentHashMap.newKeySet();
  private final Latencies latencies = new Latencies();

  /** A long-lived upgraded connection (WebSocket) that a drain may have to cut. */
  public interface Tunnel {
    void cut();
  }

  public Backend(String id, String version, String host, int port) {
    this.id = id;
    this.version = version;
    this.address = SocketAddress.inetSocketAddress(port, host);
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public SocketAddress address() {
    return address;
  }

  /** Requests and upgraded connections now open on this instance. */
  public int inFlight() {
    return inFlight.get();
  }

  /** Requests and tunnels sent here by weight or stickiness: what the analysis judges. */
  public long requests() {
    return requests.sum();
  }

  /** 5xx answers and connection failures of {@link #requests()}. */
  public long errors() {
    return errors.sum();
  }

  /**
   * Requests sent here because the canary header forced them ({@code always}/{@code never}): a
   * client's choice, so counted apart from {@link #requests()}, {@link #errors()} and the
   * latencies, which the analysis reads.
   */
  public long forcedRequests() {
    return forcedRequests.sum();
  }

  /** 5xx answers and connection failures of {@link #forcedRequests()}. */
  public long forcedErrors() {
    return forcedErrors.sum();
  }

  /**
   * Requests whose client hung up (or broke its own request) before the exchange ended: counted
   * here, never in {@link #errors()} nor in the latencies, since a client can cause them at will.
   */
  public long clientAborts() {
    return clientAborts.sum();
  }

  /**
   * Answers this instance gave whose status was in {@code statusClass} (2 to 5), forced ones
   * included; 1xx (an upgrade) is not counted here.
   */
  public long answers(int statusClass) {
    return answers[statusClass - 2].sum();
  }

  /** Requests sent here that got no whole answer, by kind; forced ones included. */
  public long failures(UpstreamFailure kind) {
    return failures[kind.ordinal()].sum();
  }

  /** The instance answered with {@code status} (as the request ends, beside {@link #closed}). */
  public void answered(int status) {
    int index = status / 100 - 2;
    if (index >= 0 && index < answers.length) {
      answers[index].increment();
    }
  }

  /** The request failed on its way to or from this instance (beside {@link #closed}). */
  public void failed(UpstreamFailure kind) {
    failures[kind.ordinal()].increment();
  }

  /** A request or tunnel was sent to this instance. */
  public void opened() {
    opened(false);
  }

  /** A request was sent to this instance; {@code forced} by the canary header. */
  public void opened(boolean forced) {
    inFlight.incrementAndGet();
    (forced ? forcedRequests : requests).increment();
  }

  /** That request's client left before it ended. */
  public void clientAborted() {
    inFlight.decrementAndGet();
    clientAborts.increment();
  }

  /** That request never left the gateway (its pool to this instance was full): not counted. */
  public void notSent(boolean forced) {
    inFlight.decrementAndGet();
    (forced ? forcedRequests : requests).decrement();
  }

  /** That tunnel ended. */
  public void closed(boolean failed) {
    inFlight.decrementAndGet();
    if (failed) {
      errors.increment();
    }
  }

  /**
   * That request ended after {@code nanos}; {@code failed} counts 5xx answers and broken
   * connections.
   */
  public void closed(boolean failed, long nanos) {
    closed(failed, nanos, false);
  }

  /** That request ended; a {@code forced} one only in the forced counters. */
  public void closed(boolean failed, long nanos, boolean forced) {
    if (!forced) {
      closed(failed);
      latencies.record(nanos);
      return;
    }
    inFlight.decrementAndGet();
    if (failed) {
      forcedErrors.increment();
    }
  }

  /** Request latencies on this instance, for analysis over a window. */
  public Latencies latencies() {
    return latencies;
  }

  public void track(Tunnel tunnel) {
    tunnels.add(tunnel);
  }

  public void untrack(Tunnel tunnel) {
    tunnels.remove(tunnel);
  }

  /** Cuts every open tunnel; returns how many were cut. */
  public int cutTunnels() {
    int cut = 0;
    for (Tunnel tunnel : tunnels) {
      tunnel.cut();
      cut++;
    }
    return cut;
  }

  @Override
  public String toString() {
    return id + "@" + address.host() + ":" + address.port() + "(" + version + ")";
  }
}
