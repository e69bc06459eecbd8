package io.cutover.release;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A {@link ReleaseQuery} as HQL: only the filters it sets, newest first, below the cursor. */
record HistoryFilter(String hql, Map<String, Object> parameters) {

  static HistoryFilter of(ReleaseQuery query) {
    List<String> where = new ArrayList<>();
    Map<String, Object> parameters = new HashMap<>();
    add(where, parameters, "service = :service", "service", query.service());
    if (!query.statuses().isEmpty()) {
      add(where, parameters, "status in :statuses", "statuses", query.statuses());
    }
    add(where, parameters, "strategy = :strategy", "strategy", query.strategy());
    add(where, parameters, "version = :version", "version", query.version());
    add(where, parameters, "trigger = :trigger", "trigger", query.trigger());
    add(where, parameters, "createdAt >= :since", "since", query.since());
    add(where, parameters, "createdAt < :until", "until", query.until());
    if (query.cursor() != null) {
      add(where, parameters, "id < :before", "before", HistoryCursor.lastId(query.cursor()));
    }
    String hql =
        "from Release "
            + (where.isEmpty() ? "" : "where " + String.join(" and ", where) + " ")
            + "order by id desc";
    return new HistoryFilter(hql, Map.copyOf(parameters));
  }

  private static void add(
      List<String> where,
      Map<String, Object> parameters,
      String clause,
      String name,
      Object value) {
    if (value != null) {
      where.add(clause);
      parameters.put(name, value);
    }
  }
}
