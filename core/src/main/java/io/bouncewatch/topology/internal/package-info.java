/**
 * Everything that relies on Kafka's internal APIs, behind {@link
 * io.bouncewatch.topology.internal.CommitHook} and {@link
 * io.bouncewatch.topology.internal.ProducerErrors}: a Kafka upgrade that changes them breaks this
 * package only.
 */
package io.bouncewatch.topology.internal;
