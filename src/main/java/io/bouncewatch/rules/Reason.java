package io.bouncewatch.rules;

/** Why a mailbox or a domain last changed status. */
public enum Reason {
    BOUNCE_RATE(1),
    BOUNCE_COUNT(2),
    EARLY_WARNING(3),
    COMPLAINTS(4),
    COOLDOWN_EXPIRED(5),
    RECOVERED(6),
    OPERATOR(7),
    UNHEALTHY_RATIO(8);

    // Stored by code, not by ordinal: reordering or adding values must not change what stored bytes mean.
    private final int code;

    Reason(int code) {
        this.code = code;
    }

    /** The value's stable code in the stored and repartitioned formats; never reused. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no value of this release has */
    public static Reason fromCode(int code) {
        for (Reason value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Reason code " + code + " in stored data");
    }
}
