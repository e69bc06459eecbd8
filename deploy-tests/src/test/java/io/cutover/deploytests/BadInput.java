package io.cutover.deploytests;

/**
 * One input of the bad-input storm: where it goes, what it is (for the report of a failure), what
 * the gateway may answer, and how to send it.
 *
 * @param family {@code admin-body}, {@code service-file}, {@code traffic-http} or {@code
 *     admin-http}
 * @param what a short description, enough to rebuild the input by hand
 */
record BadInput(String family, String what, Expect expect, Sender sender) {

  /** What a correct gateway answers. */
  enum Expect {
    /** A 4xx that says what is wrong. */
    CLIENT_ERROR,
    /**
     * A 4xx, or the connection cut without an answer: for a body that turns out malformed after the
     * request was already handed to an instance, a cut is the only honest signal left.
     */
    CLIENT_ERROR_OR_CUT,
    /** 200 from {@code POST /api/v1/services/reload}; the sender checks the file was refused. */
    REFUSED_BY_RELOAD
  }

  /** Sends the input and returns the answer; its status may be {@link RawHttp#NO_ANSWER}. */
  @FunctionalInterface
  interface Sender {
    RawHttp.Answer send() throws Exception;
  }

  static BadInput raw(String family, String what, Expect expect, int port, byte[] bytes) {
    return new BadInput(family, what, expect, () -> RawHttp.send(port, bytes));
  }
}
