/**
 * The kubernetes driver: one pod per instance through the Kubernetes API (fabric8's client),
 * labelled so a restarted gateway finds and adopts the ones it started. Pod state comes from one
 * watch (an informer) per namespace, never from polling.
 *
 * <p>One pod per instance, not a ReplicaSet per release: the gateway owns each instance's
 * lifecycle. It starts them one by one (rolling batches are per instance), waits for each to be
 * healthy, drains and stops them one by one; a ReplicaSet would pick which pod dies when scaled
 * down, and would replace a pod the gateway just stopped. A bare pod does what the gateway says.
 *
 * <p>The client is made on first use by a service with {@code driver.type: kubernetes}: a gateway
 * with no cluster and no kubeconfig starts and runs its other services as before. Every API call
 * blocks, so each runs on a worker thread, never on an event loop the proxy shares.
 *
 * <p>Depends only on {@link io.cutover.instance} (the driver interface and its shared helpers),
 * config, the runtime and fabric8 ({@code DriverBoundaryTest}). May not touch another driver,
 * routing, health, releases or the executor, nor pods without Cutover's labels.
 */
package io.cutover.instance.kubernetes;
