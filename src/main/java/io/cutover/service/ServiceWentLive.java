package io.cutover.service;

/** A service has a new live release (a deploy or a rollback went live, or one was restored). */
public record ServiceWentLive(LiveService service) {}
