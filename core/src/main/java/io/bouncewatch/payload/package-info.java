/**
 * The JSON of docs/interface.md §1: reading input events and commands (with the reason a record is rejected)
 * and writing status changes and health snapshots. Plain Java, read and written by hand
 * ({@link io.bouncewatch.payload.JsonIn}, {@link io.bouncewatch.payload.JsonOut}); no Jackson, no Kafka types.
 */
package io.bouncewatch.payload;
