/**
 * The JSON of docs/interface.md §1: reading input events and commands (with the reason a record is
 * rejected) and writing status changes and health snapshots. Plain Java on Jackson's streaming API,
 * with one shared factory ({@link io.bouncewatch.payload.Json#FACTORY}) that holds the limits of an
 * input record; java.time reads and writes the timestamps. No Kafka types.
 */
package io.bouncewatch.payload;
