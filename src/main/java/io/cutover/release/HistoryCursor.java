package io.cutover.release;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a history page: the last id it showed, base64url-encoded so clients
 * treat it as a token. The next page is everything with a smaller id, which new releases (larger
 * ids) never shift.
 */
final class HistoryCursor {
  private static final String PREFIX = "r";

  private HistoryCursor() {}

  static String after(long lastId) {
    byte[] raw = (PREFIX + lastId).getBytes(StandardCharsets.US_ASCII);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** The id the next page starts below; refuses anything this class did not write. */
  static long lastId(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
      if (raw.startsWith(PREFIX)) {
        long id = Long.parseLong(raw.substring(PREFIX.length()));
        if (id > 0) {
          return id;
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through: not base64, or not a number
    }
    throw new InvalidHistoryQueryException(
        "cursor", "'" + cursor + "' is not a nextCursor from a previous page");
  }
}
