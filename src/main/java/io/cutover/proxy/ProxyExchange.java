package io.cutover.proxy;

import io.cutover.routing.AcmeChallenges;
import io.cutover.routing.Backend;
import io.cutover.routing.BackendChooser;
import io.cutover.routing.ByteSize;
import io.cutover.routing.Pool;
import io.cutover.routing.RouteLimits;
import io.cutover.routing.RouteTable;
import io.cutover.routing.ServiceRoute;
import io.cutover.routing.Stickiness;
import io.cutover.routing.UpstreamFailure;
import io.vertx.core.AsyncResult;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.Pipe;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * One client request on its way to an instance and back: choose, forward, retry, stream the answer,
 * account. One object per request carries the whole state, so the hot path allocates little and
 * reads as a sequence of steps.
 */
final class ProxyExchange {
  private static final int MAX_ATTEMPTS = 3;
  // Bodies up to this size are sent to the client in one write with the headers.
  private static final long SMALL_BODY = 16 * 1024;
  private static final io.vertx.core.Handler<Throwable> IGNORE_FAILURE = failure -> {};

  private final ProxyLoop loop;
  private final HttpServerRequest request;
  private final HttpServerResponse response;
  private final boolean hasBody;
  private final boolean http2;
  private final boolean upgrade;
  private final Backend[] tried = new Backend[MAX_ATTEMPTS];
  private ServiceRoute route;
  private Pool pool;
  // Bytes a body of no announced length may have; UNLIMITED: piped without counting.
  private long bodyLimit = RouteLimits.UNLIMITED;
  private String requestId;
  private String stickyVersion;
  private boolean sticky;
  // Sent where the forcing header said: kept out of the figures the analysis judges.
  private boolean forced;
  private int attempts;
  private Backend backend;
  private long sentAt;
  private HttpClientRequest upstream;
  private int status;
  private long holdTimer = -1;
  private boolean held;
  private boolean busy;
  private boolean done;

  ProxyExchange(ProxyLoop loop, HttpServerRequest request) {
    this.loop = loop;
    this.request = request;
    this.response = request.response();
    MultiMap headers = request.headers();
    this.http2 = request.version() == HttpVersion.HTTP_2;
    this.upgrade = !http2 && Headers.isUpgrade(headers);
    String length = headers.get(HttpHeaders.CONTENT_LENGTH);
    this.hasBody =
        !upgrade
            && (hasPositiveLength(length)
                || (http2
                    ? length == null && mayCarryBody(request.method())
                    : headers.contains(HttpHeaders.TRANSFER_ENCODING)));
  }

  void start() {
    String path = request.path();
    if (path != null && path.startsWith(AcmeChallenges.PATH) && !request.isSSL()) {
      answerAcmeChallenge(path);
      return;
    }
    route = loop.routes().current().lookup(request.host(), path == null ? "/" : path);
    if (route == null) {
      respondError(404, "no service is routed for this host and path");
      return;
    }
    if (route.httpsRedirect() && !request.isSSL()) {
      redirectToHttps();
      return;
    }
    if (hasBody && !admitBody()) {
      return;
    }
    if (hasBody) {
      // Nothing of the body is read until an instance accepted the connection: a refused
      // connection can then be retried elsewhere with the body intact.
      request.pause();
      response.exceptionHandler(this::onBodyFailed);
    }
    if (route.stickiness() == Stickiness.COOKIE && route.pools().size() > 1) {
      sticky = true;
      Cookie cookie = request.getCookie(route.cookieName());
      stickyVersion = cookie == null ? null : cookie.getValue();
    }
    dispatch();
  }

  /**
   * Applies {@code max-body}: a Content-Length over it gets 413 before anything reaches an
   * instance; a body of no announced length is counted while it streams.
   */
  private boolean admitBody() {
    long limit = RouteLimits.or(route.limits().maxBody(), loop.maxBody());
    if (limit == RouteLimits.UNLIMITED) {
      return true;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null || (!http2 && request.headers().contains(HttpHeaders.TRANSFER_ENCODING))) {
      bodyLimit = limit;
      return true;
    }
    long announced;
    try {
      announced = Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      announced = Long.MAX_VALUE;
    }
    if (announced <= limit) {
      return true; // the framing stops the body at its length
    }
    refuseTooLarge(limit);
    return false;
  }

  /** {@code https-redirect}: the same host, path and query on the TLS port (named unless 443). */
  private void redirectToHttps() {
    done = true;
    String location = HttpsLocation.of(request, loop.httpsPort(), loop.settings().tlsPort());
    if (hasBody) {
      request.resume(); // the client sends it again to the new location
    }
    response
        .setStatusCode(308)
        .putHeader(HttpHeaders.LOCATION, location)
        .putHeader(HttpHeaders.CONTENT_TYPE, Headers.TEXT_PLAIN)
        .end("this service is served over https: " + location + "\n");
  }

  /** Picks an instance (first try or retry) and opens a request to it. */
  private void dispatch() {
    Backend next;
    if (attempts == 0) {
      pool = null;
      // The forcing header only matters while two versions serve: no lookup otherwise.
      if (route.canaryHeader() != null && route.pools().size() > 1) {
        pool = BackendChooser.forcedPool(route, request.getHeader(route.canaryHeader()));
        forced = pool != null;
      }
      if (pool == null) {
        pool =
            BackendChooser.choosePool(
                route, stickyVersion, null, ThreadLocalRandom.current().nextInt() & 0x7fffffff);
      }
      if (pool == null) {
        holdOrRefuse();
        return;
      }
      next = BackendChooser.leastLoaded(pool.backends(), loop.nextTick(), tried, 0);
    } else {
      next = retryTarget();
    }
    if (next == null) {
      holdOrRefuse();
      return;
    }
    send(next);
  }

  /** Another instance if one is left, else the least loaded again (a fresh connection). */
  private Backend retryTarget() {
    ServiceRoute fresh = loop.routes().current().service(route.service());
    if (fresh != null) {
      route = fresh;
    }
    int tick = loop.nextTick();
    Backend next = null;
    if (pool != null) {
      for (Pool candidate : route.pools()) {
        if (candidate.version().equals(pool.version())) {
          next = BackendChooser.leastLoaded(candidate.backends(), tick, tried, attempts);
          break;
        }
      }
    }
    if (next == null) {
      next = BackendChooser.anyUntried(route, tick, tried, attempts);
    }
    if (next == null) {
      Pool any = BackendChooser.choosePool(route, null, null, tick & 0x7fffffff);
      next = any == null ? null : BackendChooser.leastLoaded(any.backends(), tick, tried, 0);
    }
    return next;
  }

  private void send(Backend target) {
    backend = target;
    tried[attempts++] = target;
    target.opened(forced);
    sentAt = System.nanoTime();
    RouteLimits limits = route.limits();
    long connectMillis = RouteLimits.or(limits.connectTimeoutMillis(), loop.connectMillis());
    RequestOptions options =
        new RequestOptions()
            .setServer(target.address())
            .setMethod(request.method())
            .setURI(request.uri())
            // The TCP connect has connectTimeout (the client's option, a ConnectException); past
            // it, this bounds the wait for a pooled connection while every one is in use.
            .setConnectTimeout(2 * connectMillis)
            .setIdleTimeout(RouteLimits.or(limits.upstreamTimeoutMillis(), loop.upstreamMillis()));
    loop.client(hasBody, connectMillis).request(options, this::onConnected);
  }

  private void onConnected(AsyncResult<HttpClientRequest> ar) {
    if (ar.failed()) {
      connectFailed(ar.cause());
      return;
    }
    HttpClientRequest up = ar.result();
    // Failures arrive through the response callback; without a handler Vert.x also logs each one.
    up.exceptionHandler(IGNORE_FAILURE);
    if (done || response.closed()) {
      up.reset();
      clientAborted();
      return;
    }
    upstream = up;
    MultiMap out = up.headers();
    Headers.copyEndToEnd(request.headers(), out);
    if (http2) {
      Headers.fromHttp2(request, out);
    }
    addForwardingHeaders(out);
    if (attempts == 1) {
      response.closeHandler(v -> onClientGone());
    }
    if (upgrade) {
      // No body follows an upgrade request here: a Content-Length would leave the instance
      // waiting for bytes that never come.
      out.remove(HttpHeaders.CONTENT_LENGTH);
      out.set(HttpHeaders.CONNECTION, HttpHeaders.UPGRADE);
      out.set(HttpHeaders.UPGRADE, request.getHeader(HttpHeaders.UPGRADE));
      up.connect(this::onResponse);
      return;
    }
    up.response(this::onResponse);
    if (hasBody) {
      if (!out.contains(HttpHeaders.CONTENT_LENGTH)) {
        up.setChunked(true);
      }
      if (request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
        response.writeContinue();
      }
      if (bodyLimit != RouteLimits.UNLIMITED) {
        CountedUpload.start(request, up, bodyLimit, this::onBodyOverLimit);
        return;
      }
      Pipe<Buffer> pipe = request.pipe();
      // A client that leaves mid-upload must not look like a complete body to the instance.
      pipe.endOnFailure(false);
      pipe.to(up, this::onRequestBodySent);
    } else {
      up.end();
    }
  }

  /**
   * From a peer in {@code cutover.proxy.trusted-proxies}, the client's forwarding headers are kept
   * ({@code X-Forwarded-For} appended to); from anyone else they are replaced, so an instance that
   * reads them cannot be told a made-up client address, scheme or host.
   */
  private void addForwardingHeaders(MultiMap out) {
    boolean trusted = loop.trustsSomeProxies() && ClientConnections.trusted(request);
    String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    if (ip != null) {
      String forwardedFor =
          trusted ? Headers.joined(request.headers(), Headers.X_FORWARDED_FOR) : null;
      out.set(Headers.X_FORWARDED_FOR, forwardedFor == null ? ip : forwardedFor + ", " + ip);
    } else {
      out.remove(Headers.X_FORWARDED_FOR);
    }
    String proto = trusted ? request.getHeader(Headers.X_FORWARDED_PROTO) : null;
    out.set(Headers.X_FORWARDED_PROTO, proto == null ? request.scheme() : proto);
    String host = trusted ? request.getHeader(Headers.X_FORWARDED_HOST) : null;
    if (host == null) {
      host = out.get(HttpHeaders.HOST); // the client's, or HTTP/2's :authority
    }
    if (host != null) {
      out.set(Headers.X_FORWARDED_HOST, host);
    } else {
      out.remove(Headers.X_FORWARDED_HOST);
    }
    if (!trusted) {
      // RFC 7239's form of the same claims: only a trusted proxy may make them.
      out.remove(Headers.FORWARDED);
    }
    if (requestId == null) {
      requestId = request.getHeader(Headers.X_REQUEST_ID);
      if (requestId == null || !(trusted || Headers.isWellFormedRequestId(requestId))) {
        requestId = Headers.newRequestId();
      }
    }
    out.set(Headers.X_REQUEST_ID, requestId);
  }

  /**
   * A body of no announced length went past {@code max-body}: the instance's request is cut (it
   * never sees an end) and the client gets 413 if no answer started, else a cut connection.
   */
  private void onBodyOverLimit() {
    if (done) {
      return;
    }
    done = true; // first: the reset below fails the upstream response, which must not answer 502
    clientAborted();
    if (upstream != null) {
      upstream.reset();
    }
    if (response.headWritten() || response.closed()) {
      ClientCut.cut(request);
      return;
    }
    refuseTooLarge(bodyLimit);
  }

  private void refuseTooLarge(long limit) {
    done = true;
    if (!http2) {
      response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    }
    request.resume(); // what still comes of the body is read and dropped until the close
    response
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, Headers.TEXT_PLAIN)
        .end(
            "the request body is larger than this service's limit of "
                + ByteSize.format(limit)
                + "\n")
        .onComplete(v -> ClientCut.afterAnswer(request));
  }

  private void onRequestBodySent(AsyncResult<Void> ar) {
    if (ar.failed() && upstream != null) {
      upstream.reset();
    }
  }

  private void onResponse(AsyncResult<HttpClientResponse> ar) {
    if (ar.failed()) {
      // The request reached the instance and may have run: only an idempotent one may run again,
      // and only when none of its body was consumed (a body cannot be replayed).
      upstreamFailed(ar.cause(), !hasBody && idempotent(request.method()));
      return;
    }
    HttpClientResponse in = ar.result();
    if (done || response.closed()) {
      upstream.reset();
      clientAborted();
      return;
    }
    status = in.statusCode();
    if (upgrade && status == 101) {
      done = true;
      ClientConnections.tunnelled(request);
      UpgradeTunnel.open(request, in, backend);
      release(false); // the tunnel keeps its own count on the instance from here
      return;
    }
    if (status != 200) { // 200 is the default; setting it costs a status lookup per request
      response.setStatusCode(status);
    }
    MultiMap out = response.headers();
    Headers.copyEndToEnd(in.headers(), out);
    if (loop.settings().versionHeader()) {
      out.set(Headers.X_CUTOVER_VERSION, backend.version());
    }
    if (sticky && !backend.version().equals(stickyVersion)) {
      Cookie cookie =
          Cookie.cookie(route.cookieName(), backend.version())
              .setPath(route.pathPrefix())
              .setHttpOnly(true)
              .setSameSite(CookieSameSite.LAX);
      response.addCookie(cookie);
    }
    if (request.method() == HttpMethod.HEAD || status == 204 || status == 304 || status < 200) {
      response.end();
      in.end(v -> finish());
      return;
    }
    String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && isSmall(length)) {
      in.body(this::onSmallBody);
      return;
    }
    if (length == null) {
      response.setChunked(true);
    }
    Pipe<Buffer> pipe = in.pipe();
    pipe.endOnFailure(false);
    pipe.to(response, this::onResponseBodySent);
  }

  private void onSmallBody(AsyncResult<Buffer> ar) {
    if (ar.failed()) {
      // Headers are not written yet, so the client still gets a clean 502.
      response.headers().clear();
      releaseFailed(UpstreamFailure.RESET);
      respondError(502, "the instance broke the connection while answering");
      return;
    }
    finish(); // the instance is done with this request before the client hears back
    response.end(ar.result());
  }

  private void onResponseBodySent(AsyncResult<Void> ar) {
    if (ar.failed()) {
      // A client that hung up is no failure of the instance: outsiders must not be able to push a
      // good version's error rate up (and so into a rollback) by leaving mid-download.
      boolean clientLeft = response.closed() || ClientConnections.gone(request);
      // Mid-stream: the only honest signal left for the client is a cut connection.
      if (upstream != null) {
        upstream.reset();
      }
      ClientCut.cut(request);
      if (clientLeft) {
        clientAborted();
      } else {
        releaseFailed(UpstreamFailure.RESET);
      }
      done = true;
      return;
    }
    finish();
  }

  private void finish() {
    done = true;
    if (backend != null) {
      backend.answered(status);
    }
    release(status >= 500);
  }

  /** No connection to the instance: nothing was sent, so another instance may always be tried. */
  private void connectFailed(Throwable cause) {
    if (cause instanceof ConnectionPoolTooBusyException || cause instanceof TimeoutException) {
      // Our own pool to it is full (or stayed in use too long), which says nothing against the
      // instance: a timed-out TCP connect is a ConnectException.
      backend.notSent(forced);
      backend = null;
      busy = true;
    } else {
      releaseFailed(UpstreamFailure.CONNECT);
    }
    if (done || response.closed()) {
      done = true;
      return;
    }
    if (attempts < MAX_ATTEMPTS) {
      dispatch();
      return;
    }
    if (busy) {
      respondError(
          503,
          "every connection to the instances of service "
              + route.service()
              + " is in use and too many requests wait for one");
      return;
    }
    respondError(502, "no instance could be reached");
  }

  private void upstreamFailed(Throwable cause, boolean replayable) {
    boolean timeout = cause instanceof TimeoutException;
    if (timeout && hasBody && !request.isEnded()) {
      // The instance waited for a body the client is still trickling: the client's slowness, so
      // no error of the instance (slow uploaders must not fail a canary) and a 408.
      clientAborted();
      if (!done && !response.closed()) {
        respondError(408, "the request body did not arrive within the upstream timeout");
        ClientCut.cut(request);
      }
      done = true;
      return;
    }
    releaseFailed(timeout ? UpstreamFailure.TIMEOUT : UpstreamFailure.RESET);
    if (done || response.closed()) {
      done = true;
      return;
    }
    if (timeout) {
      respondError(504, "the instance did not answer within the upstream timeout");
      return;
    }
    if (replayable && attempts < MAX_ATTEMPTS) {
      dispatch();
      return;
    }
    respondError(502, "no instance could be reached");
  }

  /**
   * The client's connection failed while its body was on the way, typically a chunked encoding that
   * does not parse. Before any answer started that is the client's error, a 400 rather than a cut
   * connection, and no failure of the instance.
   */
  private void onBodyFailed(Throwable cause) {
    if (done || response.headWritten() || response.closed()) {
      return;
    }
    done = true; // first: the reset below fails the upstream response, which must not answer 502
    clientAborted();
    cancelHold();
    if (upstream != null) {
      upstream.reset();
    }
    respondError(400, "the request body could not be read: its chunked encoding is malformed");
    ClientCut.cut(request); // flushes the answer: Vert.x drops the connection right after
  }

  private void onClientGone() {
    if (done) {
      return;
    }
    done = true;
    if (upstream != null) {
      upstream.reset();
    }
    clientAborted();
    cancelHold();
  }

  // --- hold: wait for an instance instead of failing, bounded in time and count ---

  private void holdOrRefuse() {
    long holdMillis = route.hold().toMillis();
    if (holdMillis > 0 && loop.hold(this)) {
      held = true;
      if (holdTimer < 0) {
        holdTimer = loop.vertx().setTimer(holdMillis, id -> onHoldExpired());
      }
      return;
    }
    cancelHold();
    respondError(503, "no healthy instance of service " + route.service());
  }

  /** The table changed while this request was held: look again. */
  void retryHeld(RouteTable table) {
    held = false;
    if (done || response.closed()) {
      cancelHold();
      return;
    }
    ServiceRoute fresh = table.service(route.service());
    if (fresh != null) {
      route = fresh;
    }
    dispatch();
    if (!held) {
      cancelHold();
    }
  }

  private void onHoldExpired() {
    holdTimer = -1;
    if (held) {
      held = false;
      loop.unhold(this);
      respondError(503, "no healthy instance of service " + route.service() + " within hold");
    }
  }

  private void cancelHold() {
    if (holdTimer >= 0) {
      loop.vertx().cancelTimer(holdTimer);
      holdTimer = -1;
    }
    if (held) {
      held = false;
      loop.unhold(this);
    }
  }

  // --- edges ---

  /** The client left (or broke its own request) before the exchange ended. */
  private void clientAborted() {
    if (backend != null) {
      backend.clientAborted();
      backend = null;
    }
  }

  private void release(boolean failed) {
    if (backend != null) {
      backend.closed(failed, System.nanoTime() - sentAt, forced);
      backend = null;
    }
  }

  /** The request got no whole answer from its instance: counted by kind, then as a failure. */
  private void releaseFailed(UpstreamFailure kind) {
    if (backend != null) {
      backend.failed(kind);
    }
    release(true);
  }

  /**
   * ACME HTTP-01 from memory, before routing and https-redirect: the CA asks over plain HTTP for a
   * certificate the host does not have yet.
   */
  private void answerAcmeChallenge(String path) {
    String answer = loop.challenges().answer(path);
    if (answer == null) {
      respondError(404, "no ACME challenge in progress has this token");
      return;
    }
    done = true;
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/octet-stream").end(answer);
  }

  private void respondError(int code, String message) {
    done = true;
    if (response.headWritten() || response.closed()) {
      ClientCut.cut(request);
      return;
    }
    if (hasBody) {
      request.resume(); // let the unread body drain so the connection stays usable
      // A body that breaks while it drains makes Vert.x close the connection at once, before
      // this answer is flushed: closing it ourselves flushes first.
      request.exceptionHandler(failure -> ClientCut.cut(request));
    }
    response
        .setStatusCode(code)
        .putHeader(HttpHeaders.CONTENT_TYPE, Headers.TEXT_PLAIN)
        .end(message + "\n");
  }

  /** SPEC's idempotent methods, which a reset before any response byte may send again. */
  private static boolean idempotent(HttpMethod method) {
    return method == HttpMethod.GET
        || method == HttpMethod.HEAD
        || method == HttpMethod.OPTIONS
        || method == HttpMethod.PUT
        || method == HttpMethod.DELETE;
  }

  /** An HTTP/2 request of these methods without Content-Length is taken to have no body. */
  private static boolean mayCarryBody(HttpMethod method) {
    return method != HttpMethod.GET
        && method != HttpMethod.HEAD
        && method != HttpMethod.DELETE
        && method != HttpMethod.OPTIONS;
  }

  private static boolean isSmall(String length) {
    if (length.length() > 6) {
      return false;
    }
    try {
      return Long.parseLong(length) <= SMALL_BODY;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean hasPositiveLength(String length) {
    return length != null && !length.equals("0");
  }
}
