package io.cutover.api;

/**
 * The body of {@code POST /api/v1/session}.
 *
 * @param token the admin token (or send it as {@code Authorization: Bearer <token>} and no body)
 */
public record LoginBody(String token) {}
