package io.bouncewatch.http;

import java.util.Map;

/**
 * A request refused before or while it is served: its status, the JSON error and the headers that
 * go with it.
 */
final class Refusal extends RuntimeException {

    private final int status;
    private final Map<String, String> headers;

    Refusal(int status, String message) {
        this(status, message, Map.of());
    }

    Refusal(int status, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    int status() {
        return status;
    }

    Map<String, String> headers() {
        return headers;
    }
}
