package io.cutover.config;

/**
 * One service as its {@code services/<name>.yaml} describes it, defaults filled in. Immutable: a
 * reload produces a new one.
 */
public record ServiceConfig(
    String name,
    RoutesConfig routes,
    int instances,
    DriverConfig driver,
    HealthConfig health,
    DrainConfig drain,
    DeployConfig deploy) {}
