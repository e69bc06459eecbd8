package io.cutover.api;

/** A release id as it arrives in a path: a 400 when it is not one, rather than JAX-RS' 404. */
final class ReleaseId {
  private ReleaseId() {}

  static long parse(String text) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ProblemException(
        400,
        "release id \""
            + text
            + "\" is not a release id: ids are the positive numbers that"
            + " GET /api/v1/releases lists");
  }
}
