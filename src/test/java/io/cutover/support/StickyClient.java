package io.cutover.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Concurrent browser-like clients: each session is one cookie jar that stores every {@code
 * Set-Cookie} it gets and sends the cookies back, for {@code requestsPerSession} requests, then a
 * new session (a new visitor) starts. Records the versions each session saw. Never retries.
 */
public final class StickyClient implements AutoCloseable {
  private final HttpClient client;
  private final int port;
  private final String host;
  private final int requestsPerSession;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder failures = new LongAdder();
  private final CountDownLatch stopped;

  /** What one request got: the version that answered and the cookies it set. */
  public record Answer(String version, List<String> setCookies) {}

  /** One visitor: its cookies and the versions that answered it, in order. */
  public static final class Session {
    private final Map<String, String> jar = new ConcurrentHashMap<>();
    private final List<String> versions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sent = new AtomicInteger();

    /** Each version this session saw, once, in the order it first saw it. */
    public Set<String> distinctVersions() {
      synchronized (versions) {
        return new LinkedHashSet<>(versions);
      }
    }

    /** Requests answered with a version. */
    public int requests() {
      return versions.size();
    }

    /** The {@code Cookie} header this session sends, or null with an empty jar. */
    String cookieHeader() {
      if (jar.isEmpty()) {
        return null;
      }
      StringBuilder header = new StringBuilder();
      jar.forEach(
          (name, value) ->
              header
                  .append(header.length() == 0 ? "" : "; ")
                  .append(name)
                  .append('=')
                  .append(value));
      return header.toString();
    }

    void store(List<String> setCookies) {
      for (String setCookie : setCookies) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        if (eq > 0) {
          jar.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
      }
    }
  }

  private StickyClient(
      Vertx vertx, int port, String host, int concurrency, int requestsPerSession) {
    this.port = port;
    this.host = host;
    this.requestsPerSession = requestsPerSession;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(concurrency));
    this.stopped = new CountDownLatch(concurrency);
  }

  /** Starts {@code concurrency} loops of sessions of {@code requestsPerSession} requests to /. */
  public static StickyClient start(
      Vertx vertx, int port, String host, int concurrency, int requestsPerSession) {
    StickyClient sticky = new StickyClient(vertx, port, host, concurrency, requestsPerSession);
    for (int i = 0; i < concurrency; i++) {
      sticky.next(sticky.newSession());
    }
    return sticky;
  }

  /** Sends one request of one session with its cookies and stores the cookies it gets. */
  public static Future<Answer> get(HttpClient client, int port, String host, Session session) {
    return get(client, port, host, session, Map.of());
  }

  /** As above, with extra request headers. */
  public static Future<Answer> get(
      HttpClient client, int port, String host, Session session, Map<String, String> headers) {
    session.sent.incrementAndGet();
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setHost("127.0.0.1")
            .setPort(port)
            .setURI("/")
            .putHeader("Host", host)
            .setIdleTimeout(10_000);
    headers.forEach(options::putHeader);
    String cookies = session.cookieHeader();
    if (cookies != null) {
      options.putHeader("Cookie", cookies);
    }
    return client
        .request(options)
        .compose(req -> req.send())
        .compose(
            resp -> {
              List<String> set = List.copyOf(resp.cookies());
              session.store(set);
              if (resp.statusCode() != 200) {
                return Future.<Answer>failedFuture("status " + resp.statusCode());
              }
              return resp.body().map(body -> new Answer(body.toString(), set));
            })
        .onSuccess(answer -> session.versions.add(answer.version()));
  }

  private Session newSession() {
    Session session = new Session();
    sessions.add(session);
    return session;
  }

  private void next(Session session) {
    if (!running.get()) {
      stopped.countDown();
      return;
    }
    get(client, port, host, session)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                failures.increment();
              }
              next(session.sent.get() >= requestsPerSession ? newSession() : session);
            });
  }

  /** Stops the loops and waits until every request in flight has been counted. */
  public StickyClient stop() throws InterruptedException {
    running.set(false);
    if (!stopped.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("sticky loops did not stop");
    }
    return this;
  }

  public List<Session> sessions() {
    synchronized (sessions) {
      return List.copyOf(sessions);
    }
  }

  /** Sessions that saw more than one version. */
  public List<Session> mixed() {
    return sessions().stream().filter(s -> s.distinctVersions().size() > 1).toList();
  }

  /** Failed requests: non-200 answers and connection errors. */
  public long failures() {
    return failures.sum();
  }

  /** How many sessions stayed on each version. */
  public Map<String, Integer> sessionsByVersion() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Session session : sessions()) {
      String key = String.join("+", session.distinctVersions());
      counts.merge(key.isEmpty() ? "none" : key, 1, Integer::sum);
    }
    return counts;
  }

  @Override
  public String toString() {
    int requests = sessions().stream().mapToInt(Session::requests).sum();
    return "sessions="
        + sessions().size()
        + " requests="
        + requests
        + " failures="
        + failures()
        + " byVersion="
        + sessionsByVersion();
  }

  @Override
  public void close() {
    running.set(false);
    client.close();
  }
}
