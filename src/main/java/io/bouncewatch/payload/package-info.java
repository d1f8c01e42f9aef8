/**
 * The JSON of docs/interface.md §1: reading input events and commands (with the reason a record is rejected)
 * and writing status changes and health snapshots. Plain Java and Jackson; no Kafka types.
 */
package io.bouncewatch.payload;
