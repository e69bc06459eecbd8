package io.cutover.support;

import io.cutover.instance.Instance;
import io.cutover.instance.InstanceExitListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An exit listener that records what it heard and when (epoch millis). */
public final class ExitReports implements InstanceExitListener {
  /** One report. */
  public record Report(Instance instance, int exitCode, long atMillis) {}

  private final List<Report> reports = new CopyOnWriteArrayList<>();

  @Override
  public void onExit(Instance instance, int exitCode) {
    reports.add(new Report(instance, exitCode, System.currentTimeMillis()));
  }

  public List<Report> all() {
    return List.copyOf(reports);
  }

  public boolean isEmpty() {
    return reports.isEmpty();
  }
}
