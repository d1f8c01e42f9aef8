/**
 * What-if on the rules before a threshold changes: simulated mailboxes with known bounce rates
 * ({@link io.bouncewatch.whatif.BounceRateSimulation}) and a recorded history of inputs ({@link
 * io.bouncewatch.whatif.Replay}), each run through the monitor's own rules on a simulated or
 * recorded clock. No Kafka, no wall clock.
 */
package io.bouncewatch.whatif;
