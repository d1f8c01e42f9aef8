package io.bouncewatch.runtime;

/** The monitor cannot start; the message is the one line the program prints before it exits. */
public final class StartupException extends RuntimeException {

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
