package io.bouncewatch.http;

import java.util.Optional;

/**
 * Whether this instance can process events and answer queries now; asked on every /health/ready.
 */
@FunctionalInterface
public interface Readiness {

    /**
     * Which condition fails, said for an operator; empty when ready. Must return at once: never
     * waits on Kafka.
     */
    Optional<String> problem();
}
