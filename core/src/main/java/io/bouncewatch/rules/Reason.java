package io.bouncewatch.rules;

/** Why a mailbox or a domain last changed status. */
public enum Reason implements StableCode {
    BOUNCE_RATE(1),
    BOUNCE_COUNT(2),
    EARLY_WARNING(3),
    COMPLAINTS(4),
    COOLDOWN_EXPIRED(5),
    RECOVERED(6),
    OPERATOR(7),
    UNHEALTHY_RATIO(8),
    CONFIG_FAILURE(9);

    private static final Reason[] BY_CODE = StableCode.byCode(values());

    private final int code;

    Reason(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static Reason fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "Reason");
    }
}
