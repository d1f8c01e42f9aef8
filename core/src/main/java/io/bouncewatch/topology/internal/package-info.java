/**
 * Everything that relies on Kafka Streams' internal APIs, behind {@link io.bouncewatch.topology.internal.CommitHook}:
 * a Kafka upgrade that changes them breaks this package only.
 */
package io.bouncewatch.topology.internal;
