/**
 * In-process single-node KRaft Kafka broker, so bouncewatch can run without an external cluster.
 */
package io.bouncewatch.broker;
