package io.cutover.service;

/** A service's file was deleted: its route is gone; its instances are still to be stopped. */
public record ServiceRemoved(LiveService service) {}
