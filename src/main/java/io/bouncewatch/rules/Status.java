package io.bouncewatch.rules;

/** Health of a mailbox or a domain, from least to most severe. */
public enum Status {
    HEALTHY(0),
    WARNING(1),
    PAUSED(2);

    // Stored by code, not by ordinal: reordering or adding values must not change what stored bytes mean.
    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The value's stable code in the stored and repartitioned formats; never reused. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no value of this release has */
    public static Status fromCode(int code) {
        for (Status value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown Status code " + code + " in stored data");
    }

    /** Unhealthy mailboxes are the ones that count against their domain's ratio. */
    public boolean isUnhealthy() {
        return this != HEALTHY;
    }

    public boolean isMoreSevereThan(Status other) {
        return compareTo(other) > 0;
    }
}
