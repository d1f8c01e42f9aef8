package io.bouncewatch.rules;

/** What an operator can tell the monitor to do with a mailbox or a domain. */
public enum OperatorAction {
    PAUSE(0),
    RESUME(1),
    RESET(2),
    REMOVE(3);

    // Stored by code, not by ordinal: reordering or adding values must not change what stored bytes mean.
    private final int code;

    OperatorAction(int code) {
        this.code = code;
    }

    /** The value's stable code in the stored and repartitioned formats; never reused. */
    public int code() {
        return code;
    }

    /** @throws IllegalArgumentException for a code no value of this release has */
    public static OperatorAction fromCode(int code) {
        for (OperatorAction value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown OperatorAction code " + code + " in stored data");
    }

    /** Domains follow their mailboxes; only pausing and resuming them by hand makes sense. */
    public boolean appliesToDomains() {
        return this == PAUSE || this == RESUME;
    }
}
