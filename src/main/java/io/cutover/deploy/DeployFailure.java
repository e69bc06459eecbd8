package io.cutover.deploy;

/** A deploy step failed; the message is the release's reason, written for a person. */
final class DeployFailure extends RuntimeException {
  DeployFailure(String reason) {
    super(reason, null, false, false);
  }

  DeployFailure(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }

  /**
   * {@code e} as the release's reason, {@code what} before its root message; as is if one already.
   */
  static Throwable because(String what, Throwable e) {
    return e instanceof DeployFailure ? e : new DeployFailure(what + rootMessage(e), e);
  }

  /** The message of the innermost cause that has one: what a person can act on. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while ((t instanceof io.smallrye.mutiny.CompositeException || t.getMessage() == null)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
