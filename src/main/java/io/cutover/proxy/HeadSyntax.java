package io.cutover.proxy;

import io.netty.util.ByteProcessor;

/**
 * Reads the raw bytes of one request head for what Netty's decoder quietly repairs but a proxy must
 * refuse (RFC 9112 2.2, 5.2): a line ending in a bare LF or a bare CR, and obs-fold (a header line
 * that starts with a space or tab, continuing the previous one). Instances behind may frame such a
 * head differently, which is what request smuggling needs. Stops at the head's end, so bodies are
 * never scanned.
 */
final class HeadSyntax implements ByteProcessor {
  private byte prev;
  private int lineLength;
  private boolean sawLine;
  private boolean ended;
  private String violation;

  /** Ready for the next head. */
  void reset() {
    prev = 0;
    lineLength = 0;
    sawLine = false;
    ended = false;
    violation = null;
  }

  /** True once the blank line that ends the head was read. */
  boolean ended() {
    return ended;
  }

  /** What is wrong with the head so far, or null. */
  String violation() {
    return violation;
  }

  @Override
  public boolean process(byte b) {
    if (prev == '\r' && b != '\n') {
      violation = "a header line ends in a bare CR: end each line with CRLF";
      return false;
    }
    if (b == '\n') {
      if (prev != '\r') {
        violation = "a header line ends in a bare LF: end each line with CRLF";
        return false;
      }
      if (lineLength == 0 && sawLine) {
        ended = true;
        return false;
      }
      lineLength = 0;
    } else if (b != '\r') {
      if (lineLength == 0 && sawLine && (b == ' ' || b == '\t')) {
        violation =
            "a header line starts with a space or tab (obs-fold): put each header on one line";
        return false;
      }
      lineLength++;
      sawLine = true;
    }
    prev = b;
    return true;
  }
}
