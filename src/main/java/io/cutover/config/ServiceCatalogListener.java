package io.cutover.config;

/**
 * Hears when the services of the catalog change. Implement it as a CDI bean: the catalog finds
 * every bean of this type ({@code Instance<ServiceCatalogListener>}) and calls each in turn, on the
 * thread that reloaded (a worker, never an event loop), once the new catalog is visible. Within one
 * reload, removals come first, then changes, then new services, so routes a removed or changed
 * service gave up are free before another claims them. Return quickly; a listener that throws is
 * logged and the others still hear.
 */
public interface ServiceCatalogListener {

  /** A service appeared ({@code previous} null, also at start) or its config changed. */
  void onServiceChanged(ServiceConfig previous, ServiceConfig current);

  /** A service's file was deleted. Nothing is stopped by the catalog itself. */
  void onServiceRemoved(ServiceConfig last);
}
