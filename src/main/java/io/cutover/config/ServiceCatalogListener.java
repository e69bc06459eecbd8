package io.cutover.config;

/**
 * Hears when the services of the catalog change. Implement it as an {@code @ApplicationScoped} (or
 * {@code @Singleton}) CDI bean: the catalog finds every bean of this type through {@code
 * Instance<ServiceCatalogListener>} and calls each in turn, once the new catalog is visible, on the
 * thread that reloaded: the start thread, the watch thread or a REST worker; never an event loop,
 * and with no Vert.x context. At start every service is announced as new, before default-priority
 * {@code StartupEvent} observers run. Within one reload, removals come first, then changes, then
 * new services, so routes given up are free before another claims them. Return quickly; a listener
 * that throws is logged and the others still hear.
 */
public interface ServiceCatalogListener {

  /** A service appeared ({@code previous} null, also at start) or its config changed. */
  void onServiceChanged(ServiceConfig previous, ServiceConfig current);

  /** A service's file was deleted. Nothing is stopped by the catalog itself. */
  void onServiceRemoved(ServiceConfig last);
}
