package io.bouncewatch.topology;

/** The headers a dead letter carries: where the rejected record came from and why. */
public final class DeadLetterHeaders {

    public static final String REASON = "bouncewatch.error.reason";
    public static final String TOPIC = "bouncewatch.error.topic";
    public static final String PARTITION = "bouncewatch.error.partition";
    public static final String OFFSET = "bouncewatch.error.offset";

    /** The value's length before it was cut to fit, on a dead letter that was. */
    public static final String TRUNCATED = "bouncewatch.error.truncated";

    private DeadLetterHeaders() {}
}
