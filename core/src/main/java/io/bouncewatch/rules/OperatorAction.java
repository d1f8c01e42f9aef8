package io.bouncewatch.rules;

/** What an operator can tell the monitor to do with a mailbox or a domain. */
public enum OperatorAction implements StableCode {
    PAUSE(0),
    RESUME(1),
    RESET(2),
    REMOVE(3);

    private static final OperatorAction[] BY_CODE = StableCode.byCode(values());

    private final int code;

    OperatorAction(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static OperatorAction fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "OperatorAction");
    }

    /** Domains follow their mailboxes; only pausing and resuming them by hand makes sense. */
    public boolean appliesToDomains() {
        return this == PAUSE || this == RESUME;
    }
}
