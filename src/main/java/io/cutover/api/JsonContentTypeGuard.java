package io.cutover.api;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A call that changes something (POST, PUT, PATCH, DELETE) must say {@code Content-Type:
 * application/json}, else 415: a web page can send a form ({@code
 * application/x-www-form-urlencoded}, {@code multipart/form-data}, {@code text/plain}) to any
 * address without asking, but JSON only after a CORS preflight, which the admin port never grants.
 * So no page a team member opens can start, roll back or abort a release.
 *
 * <p>One exception keeps {@code curl -X POST .../promote} and HTTP clients that label every POST
 * working: a call with no body and no {@code Origin} header passes whatever its Content-Type.
 * Browsers put {@code Origin} on every POST, PUT, PATCH and DELETE they send (fetch, forms,
 * beacons), so that one is never a page.
 */
@ApplicationScoped
public class JsonContentTypeGuard {
  // After the token check (1000), before the URI check (900).
  private static final int PRIORITY = 950;

  private static final Set<HttpMethod> MUTATING =
      Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private static final String HOW =
      "send `Content-Type: application/json` (with curl: -H 'Content-Type: application/json')";

  private final ProblemReply reply;

  JsonContentTypeGuard(ProblemReply reply) {
    this.reply = reply;
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext context) {
    HttpServerRequest request = context.request();
    String refusal =
        !MUTATING.contains(request.method()) || PublicPaths.isPublic(request.path())
            ? null
            : refusal(
                request.headers().getAll(HttpHeaders.CONTENT_TYPE),
                hasBody(request),
                request.getHeader(HttpHeaders.ORIGIN) != null);
    if (refusal == null) {
      context.next();
    } else {
      reply.send(context, Problem.of(415, refusal));
    }
  }

  /** Why a mutating call is refused, or null when it may go on. */
  static String refusal(List<String> contentTypes, boolean hasBody, boolean fromAPage) {
    // Nothing to read and not sent by a page: whatever it is labelled, no browser sent it.
    if (!hasBody && !fromAPage) {
      return null;
    }
    if (contentTypes.isEmpty()) {
      return "this call changes state and sent no Content-Type: " + HOW;
    }
    if (contentTypes.size() > 1) {
      return "this call sent " + contentTypes.size() + " Content-Type headers: " + HOW + ", once";
    }
    String type = contentTypes.get(0);
    if (isJson(type)) {
      return null;
    }
    return "this call changes state and sent `Content-Type: "
        + printable(type)
        + "`: "
        + HOW
        + " and a JSON body";
  }

  /** {@code application/json}, in any case, with parameters such as {@code charset} or none. */
  static boolean isJson(String contentType) {
    int semicolon = contentType.indexOf(';');
    String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return media.trim().toLowerCase(Locale.ROOT).equals("application/json");
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.trim().equals("0"));
  }

  // The header goes back in the detail: bounded, and only visible ASCII.
  private static String printable(String value) {
    String clipped = value.length() > 100 ? value.substring(0, 100) + "..." : value;
    return clipped.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
