package io.cutover.instance.process;

import io.cutover.config.HealthConfig;
import io.cutover.instance.InstanceSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * After a gateway restart: the process a previous gateway started for this very slot (service,
 * release, version, instance index), found by its {@link InstanceRecord}, is taken over as it runs
 * instead of starting a new one, when it is still the recorded process (pid and start time, so a
 * reused pid is never adopted) and answers its health check from here. Its traffic resumes once the
 * gateway's own checks pass. Blocking: on a worker thread.
 */
final class ProcessAdoption {
  private static final Logger LOG = Logger.getLogger(ProcessAdoption.class);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  /** The record found and the very process it names. */
  record Found(InstanceRecord record, ProcessHandle handle) {}

  private final InstanceRecords records;

  ProcessAdoption(InstanceRecords records) {
    this.records = records;
  }

  /**
   * @param held the instance ids the driver already runs: never adopted twice
   */
  Optional<Found> find(InstanceSpec spec, String host, Set<String> held) {
    if (spec.releaseId() <= 0) {
      return Optional.empty();
    }
    for (InstanceRecord record : records.all()) {
      if (!sameSlot(record, spec) || held.contains(record.id())) {
        continue;
      }
      Optional<ProcessHandle> handle = ProcessHandle.of(record.pid());
      // Checked once the handle is known: the pid is still the recorded process, not a newer one.
      if (handle.isEmpty() || !record.processRunning()) {
        continue; // gone: the sweep after the restore drops its record
      }
      if (!healthy(host, record.port(), spec.config().health())) {
        LOG.warnf(
            "instance not adopted id=%s pid=%d port=%d reason=its health check failed; a new one"
                + " starts",
            record.id(), record.pid(), record.port());
        continue; // left for the sweep
      }
      return Optional.of(new Found(record, handle.get()));
    }
    return Optional.empty();
  }

  private static boolean sameSlot(InstanceRecord record, InstanceSpec spec) {
    return record.releaseId() == spec.releaseId()
        && record.service().equals(spec.service())
        && record.version().equals(spec.version())
        && record.index() == spec.index();
  }

  private static boolean healthy(String host, int port, HealthConfig health) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + health.path()))
            .timeout(health.timeout())
            .GET()
            .build();
    try {
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
