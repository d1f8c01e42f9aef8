/**
 * The Kafka Streams topology: one pure factory ({@link io.bouncewatch.topology.MonitorTopology})
 * wires parsing, the per-mailbox processor, the domain aggregation and the outputs. Processors load
 * state, call the rules, store and forward; the rules themselves live in {@code
 * io.bouncewatch.rules}.
 */
package io.bouncewatch.topology;
