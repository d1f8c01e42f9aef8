package io.bouncewatch.broker;

/** The embedded Kafka broker could not be started; the message says why. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
