package io.bouncewatch.ingest;

/**
 * Why a webhook request is refused, with the HTTP status it gets: 400 malformed, 401 unsigned or a
 * signature that does not verify, 403 verified but not allowed (a topic not configured, a replayed
 * token, a stale timestamp), 413 too large. A refused request records nothing.
 */
public final class WebhookRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String challenge;

    public WebhookRefusal(int status, String reason) {
        this(status, reason, null);
    }

    private WebhookRefusal(int status, String reason, String challenge) {
        super(reason);
        if (status != 400 && status != 401 && status != 403 && status != 413) {
            throw new IllegalArgumentException("not a refusal status: " + status);
        }
        this.status = status;
        this.challenge = challenge;
    }

    public static WebhookRefusal malformed(String reason) {
        return new WebhookRefusal(400, reason);
    }

    public static WebhookRefusal unauthenticated(String reason) {
        return new WebhookRefusal(401, reason);
    }

    /**
     * 401 for a source that authenticates with HTTP credentials: {@code challenge} is the {@code
     * WWW-Authenticate} value that asks for them, e.g. {@code Basic realm="bouncewatch"}.
     */
    public static WebhookRefusal unauthenticated(String reason, String challenge) {
        return new WebhookRefusal(401, reason, challenge);
    }

    public static WebhookRefusal forbidden(String reason) {
        return new WebhookRefusal(403, reason);
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} value to answer with; null when none. */
    public String challenge() {
        return challenge;
    }
}
