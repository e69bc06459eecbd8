package io.cutover.config;

import java.util.List;

/** What one reload did: the catalog now in force and the services it added, changed, removed. */
public record CatalogChange(
    CatalogState state, List<String> added, List<String> changed, List<String> removed) {
  public CatalogChange {
    added = List.copyOf(added);
    changed = List.copyOf(changed);
    removed = List.copyOf(removed);
  }
}
