package io.cutover.instance;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last lines an instance printed, for the API and for deploy failure messages. */
public final class LogTail {
  private final int capacity;
  private final Deque<String> lines = new ArrayDeque<>();

  public LogTail(int capacity) {
    this.capacity = capacity;
  }

  public synchronized void add(String line) {
    if (lines.size() == capacity) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The last {@code n} lines joined by newlines. */
  public synchronized String last(int n) {
    List<String> all = new ArrayList<>(lines);
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
