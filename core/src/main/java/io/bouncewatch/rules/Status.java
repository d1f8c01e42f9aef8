package io.bouncewatch.rules;

/** Health of a mailbox or a domain, from least to most severe. */
public enum Status implements StableCode {
    HEALTHY(0),
    WARNING(1),
    PAUSED(2);

    private static final Status[] BY_CODE = StableCode.byCode(values());

    private final int code;

    Status(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static Status fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "Status");
    }

    /** Anything but HEALTHY; see {@link MailboxSummary#unhealthy()} for what a domain counts. */
    public boolean isUnhealthy() {
        return this != HEALTHY;
    }
}
