package io.cutover.routing;

/** How a client is kept on the version it first got while more than one version serves. */
public enum Stickiness {
  NONE,
  COOKIE
}
