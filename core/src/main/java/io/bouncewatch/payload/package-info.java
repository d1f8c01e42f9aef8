/**
 * The JSON of docs/interface.md §1: reading input events and commands (with the reason a record is
 * rejected) and writing status changes and health snapshots. Plain Java, read and written by hand
 * ({@link io.bouncewatch.payload.JsonIn}, {@link io.bouncewatch.payload.JsonOut}, timestamps in
 * {@code IsoInstant}): measured end to end, Jackson's streaming API in their place cost about 15%
 * of the throughput (docs/benchmarks.md). No Jackson, no Kafka types.
 */
package io.bouncewatch.payload;
