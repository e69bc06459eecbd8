package io.cutover.api;

/**
 * The optional body of {@code POST /api/v1/services/{service}/rollback}.
 *
 * @param to a release id or a version of the service; absent: the last release live before the
 *     current one
 */
public record RollbackBody(String to) {}
