package io.cutover.api;

/**
 * The optional body of {@code POST /api/v1/releases/{id}/abort}.
 *
 * @param reason why, for a person: recorded in the release's reason
 */
public record AbortBody(String reason) {}
