package io.cutover.instance.process;

/**
 * How large an instance's log file grows: at {@code maxBytes} it is rotated to {@code <id>.log.1}
 * (older rotations shift to {@code .2}, ... up to {@code rotations}) and started again empty.
 *
 * @param maxBytes 0 or less: no limit
 * @param rotations rotated files kept; 0 keeps none (the file is only emptied)
 * @param endedKept per service, the logs of this many instances that ended are kept (newest first)
 */
record LogLimit(long maxBytes, int rotations, int endedKept) {
  static final LogLimit DEFAULT = new LogLimit(10L * 1024 * 1024, 1, 20);

  LogLimit {
    if (rotations < 0) {
      throw new IllegalArgumentException("cutover.process.log-rotations must be 0 or more");
    }
    if (endedKept < 0) {
      throw new IllegalArgumentException("cutover.process.logs-kept must be 0 or more");
    }
  }

  boolean reached(long size) {
    return maxBytes > 0 && size >= maxBytes;
  }
}
