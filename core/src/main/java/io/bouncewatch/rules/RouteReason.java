package io.bouncewatch.rules;

/** Why a route last changed status. */
public enum RouteReason implements StableCode {
    /** The provider throttled the mailbox. */
    RATE_LIMITED(1),
    /** The provider refused the mailbox's mail for its reputation, often enough to stop. */
    BLOCKED(2),
    /** The slow-down or the block ran its time. */
    EXPIRED(3);

    private static final RouteReason[] BY_CODE = StableCode.byCode(values());

    private final int code;

    RouteReason(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static RouteReason fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "RouteReason");
    }
}
