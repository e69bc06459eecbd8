package io.cutover.cluster;

import io.cutover.proxy.ProxyLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** This gateway as a member: an id new for every start, and where others reach it. */
@ApplicationScoped
public class LocalMember {
  private final String id;
  private final String adminUrl;
  private final ProxyLifecycle proxy;

  LocalMember(
      ClusterConfig config,
      ProxyLifecycle proxy,
      @ConfigProperty(name = "quarkus.http.host", defaultValue = "127.0.0.1") String adminHost,
      @ConfigProperty(name = "quarkus.http.port", defaultValue = "8090") int adminPort) {
    this.proxy = proxy;
    this.id =
        hostName()
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    String host = adminHost.equals("0.0.0.0") || adminHost.equals("::") ? "127.0.0.1" : adminHost;
    this.adminUrl = config.adminUrl().orElse("http://" + host + ":" + adminPort);
  }

  public String id() {
    return id;
  }

  public String adminUrl() {
    return adminUrl;
  }

  /** The traffic port once bound; -1 before. */
  int trafficPort() {
    return proxy.port();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "gateway";
    }
  }
}
