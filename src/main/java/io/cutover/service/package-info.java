/**
 * Live services: the pools of instances each service serves with, published to the route table as
 * one swap, and the events a service going live or being removed sends.
 *
 * <p>Depends on config, health, instances and routing. May not touch releases, strategies or the
 * executor: it keeps what serves, the executor decides what should.
 */
package io.cutover.service;
