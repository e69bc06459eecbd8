package io.cutover.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test bean: hears the catalog like the route wiring does, and keeps what it heard. */
@ApplicationScoped
public class RecordingListener implements ServiceCatalogListener {
  public record Heard(String kind, ServiceConfig previous, ServiceConfig current) {}

  private final List<Heard> heard = new CopyOnWriteArrayList<>();

  @Override
  public void onServiceChanged(ServiceConfig previous, ServiceConfig current) {
    heard.add(new Heard(previous == null ? "added" : "changed", previous, current));
  }

  @Override
  public void onServiceRemoved(ServiceConfig last) {
    heard.add(new Heard("removed", last, null));
  }

  /** What was heard about one service, in order. */
  public List<Heard> about(String service) {
    return heard.stream()
        .filter(h -> service.equals(h.current() == null ? h.previous().name() : h.current().name()))
        .toList();
  }
}
