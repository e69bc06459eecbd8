package io.cutover.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One immutable view of the catalog: the services in force, by name, and the files refused by the
 * last reload, by file.
 */
public record CatalogState(Map<String, ServiceConfig> services, Map<String, RefusedFile> refused) {

  public static final CatalogState EMPTY = new CatalogState(Map.of(), Map.of());

  public CatalogState {
    services = sortedCopy(services);
    refused = sortedCopy(refused);
  }

  public List<ConfigProblem> problems() {
    return refused.values().stream().flatMap(r -> r.problems().stream()).toList();
  }

  private static <V> Map<String, V> sortedCopy(Map<String, V> map) {
    SortedMap<String, V> sorted = new TreeMap<>(map);
    return Collections.unmodifiableMap(sorted);
  }
}
