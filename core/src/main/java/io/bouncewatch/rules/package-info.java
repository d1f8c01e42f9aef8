/**
 * The monitoring rules of docs/rules.md as plain Java: the sliding window, mailbox thresholds,
 * cooldown and healing, operator commands, domain ratios and the risk score. Nothing here knows of
 * Kafka; every function takes the current state and an input and returns the next state.
 */
package io.bouncewatch.rules;
