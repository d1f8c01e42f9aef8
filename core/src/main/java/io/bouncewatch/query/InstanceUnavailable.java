package io.bouncewatch.query;

/** Another instance cannot give its key or its share of a list now: ask again in a moment (503). */
public final class InstanceUnavailable extends RuntimeException {

    InstanceUnavailable(String message) {
        super(message, null, false, false);
    }
}
