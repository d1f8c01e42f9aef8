/**
 * What-if on the rules before a threshold changes: simulated mailboxes with known bounce rates run
 * through the real mailbox rules, on a simulated clock. No Kafka, no wall clock.
 */
package io.bouncewatch.whatif;
