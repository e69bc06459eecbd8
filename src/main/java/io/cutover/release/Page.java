package io.cutover.release;

import java.util.List;

/**
 * One page of a list, newest first: the admin API's {@code {"items": [...], "nextCursor": ...}}.
 *
 * @param nextCursor pass it back to get the next, older page; null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(items);
  }

  public boolean hasNext() {
    return nextCursor != null;
  }
}
