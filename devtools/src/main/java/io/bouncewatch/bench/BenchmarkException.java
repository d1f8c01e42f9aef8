package io.bouncewatch.bench;

/**
 * The benchmark cannot go on: a subject failed to start or finish; the message says which and why.
 */
public final class BenchmarkException extends RuntimeException {
    public BenchmarkException(String message) {
        super(message);
    }
}
