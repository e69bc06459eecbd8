/**
 * The executor: a release's rollout step by step (start, await healthy, shift, analyse, bake,
 * retire), drains, automatic and manual rollback, aborts, and the restore of live releases at
 * start. The only writer of routes through the service package and of releases through history.
 *
 * <p>Depends on everything below it (config, db, health, instances, release, routing, service,
 * strategies). May not touch the API, startup or the proxy: it is driven, it does not serve.
 */
package io.cutover.deploy;
