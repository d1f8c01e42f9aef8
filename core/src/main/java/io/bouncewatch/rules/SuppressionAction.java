package io.bouncewatch.rules;

/** What an operator can tell the monitor to do with a recipient of the suppression list. */
public enum SuppressionAction implements StableCode {
    SUPPRESS(0),
    UNSUPPRESS(1);

    private static final SuppressionAction[] BY_CODE = StableCode.byCode(values());

    private final int code;

    SuppressionAction(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static SuppressionAction fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "SuppressionAction");
    }
}
