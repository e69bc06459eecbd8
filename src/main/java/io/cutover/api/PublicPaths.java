package io.cutover.api;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The few admin-port paths that answer without the token: health (probes carry no token) and the
 * dashboard's page and assets, which ask for the token themselves, and the session call that trades
 * it for a cookie. Everything else needs it.
 *
 * <p>Judged on the raw path exactly as the client sent it, before any decoding or normalisation,
 * and allowed only when it is byte for byte one of these spellings. A spelling the router would
 * also map here ({@code /q//health}, {@code /q/health/}, {@code /q/%68ealth}) just needs the token
 * too: the worst a disagreement between this check and the router can do is ask for the token on a
 * public page, never open a protected one. Deciding instead on which paths are protected would need
 * this check to normalise {@code ;} parameters, {@code %2F}, {@code %2e}, dot segments, case and
 * slashes exactly as Vert.x and RESTEasy Reactive do, now and in every later version.
 */
final class PublicPaths {
  private static final Set<String> EXACT =
      Set.of(
          "/",
          "/index.html",
          "/dashboard.js",
          "/dashboard.css",
          // Logs in with the token it checks itself (SessionResource); says whether a session is
          // live.
          "/api/v1/session",
          "/q/health",
          "/q/health/live",
          "/q/health/ready",
          "/q/health/started",
          "/q/health/well",
          "/q/health/group");

  // Health groups by name: letters, digits and dashes only, so never a dot segment or an escape.
  private static final Pattern HEALTH_GROUP = Pattern.compile("/q/health/group/[a-z0-9-]{1,63}");

  private PublicPaths() {}

  /** True when {@code rawPath} (the request's path, undecoded, without the query) is public. */
  static boolean isPublic(String rawPath) {
    return rawPath != null && (EXACT.contains(rawPath) || HEALTH_GROUP.matcher(rawPath).matches());
  }
}
