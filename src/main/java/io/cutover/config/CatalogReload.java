package io.cutover.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides the next catalog from the one in force and the files just read. Pure: no I/O, no events.
 * A refused file leaves its service on the previous config; of two services claiming the same host
 * and path-prefix, the one already in force (else the older file) keeps it.
 */
final class CatalogReload {
  private CatalogReload() {}

  static CatalogState next(CatalogState current, List<ServiceFile> files) {
    Map<String, ServiceConfig> previous = current.services();
    Map<String, RefusedFile> refused = new TreeMap<>();
    Map<String, String> fileOf = new HashMap<>();
    // Configs in force that hold their routes first: unchanged ones and those kept after a refusal.
    Map<String, ServiceConfig> holding = new TreeMap<>();
    List<ServiceFile> pending = new ArrayList<>();
    for (ServiceFile file : files) {
      fileOf.put(file.service(), file.file());
      ServiceConfig before = previous.get(file.service());
      if (file.result() instanceof ParseResult.Accepted accepted) {
        if (accepted.config().equals(before)) {
          holding.put(file.service(), before);
        } else {
          pending.add(file);
        }
      } else if (file.result() instanceof ParseResult.Refused refusal) {
        refused.put(
            file.file(),
            new RefusedFile(file.file(), file.service(), before != null, refusal.problems()));
        if (before != null) {
          holding.put(file.service(), before);
        }
      }
    }
    pending.sort(Comparator.comparing(ServiceFile::modified).thenComparing(ServiceFile::service));

    // Each refusal may hand a service back its previous routes, so start over after one.
    while (true) {
      RouteClaims claims = new RouteClaims();
      holding.values().forEach(claims::claim);
      Map<String, ServiceConfig> next = new TreeMap<>(holding);
      ServiceFile loser = null;
      RouteClaims.Conflict conflict = null;
      for (ServiceFile file : pending) {
        ServiceConfig config = ((ParseResult.Accepted) file.result()).config();
        Optional<RouteClaims.Conflict> found = claims.conflict(config);
        if (found.isPresent()) {
          loser = file;
          conflict = found.get();
          break;
        }
        claims.claim(config);
        next.put(config.name(), config);
      }
      if (loser == null) {
        return new CatalogState(next, refused);
      }
      pending.remove(loser);
      ServiceConfig before = previous.get(loser.service());
      ConfigProblem problem = conflictProblem(loser, conflict, fileOf.get(conflict.owner()));
      refused.put(
          loser.file(),
          new RefusedFile(loser.file(), loser.service(), before != null, List.of(problem)));
      if (before != null) {
        holding.put(loser.service(), before);
      }
    }
  }

  private static ConfigProblem conflictProblem(
      ServiceFile loser, RouteClaims.Conflict conflict, String ownerFile) {
    return new ConfigProblem(
        loser.file(),
        "routes",
        conflict.host() + conflict.pathPrefix(),
        "service "
            + conflict.owner()
            + " ("
            + ownerFile
            + ") already claims host "
            + conflict.host()
            + " with path-prefix "
            + conflict.pathPrefix()
            + ": change hosts or path-prefix in one of the two files");
  }
}
