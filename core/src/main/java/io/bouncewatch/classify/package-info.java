/**
 * Explains bounces offline, as {@code classify} and {@code POST /api/classify} do: JSON lines of
 * BounceEvents or a raw bounce message in, one classification per recipient out, nothing recorded.
 * No Kafka: it reads with the payload and dsn packages and classifies with the rules.
 */
package io.bouncewatch.classify;
