/**
 * Running for real: provisioning topics, owning the Kafka Streams lifecycle, and composing the
 * embedded broker, the streams and the HTTP API into one monitor that starts and stops cleanly.
 */
package io.bouncewatch.runtime;
