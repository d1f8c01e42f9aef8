package io.bouncewatch.rules;

/** What put a recipient on the suppression list. */
public enum SuppressionSource implements StableCode {
    /** A bounce of category LIST, or enough TRANSIENT ones within the soft window. */
    BOUNCE(0),
    /** A complaint that names the recipient. */
    COMPLAINT(1),
    /** An operator's SUPPRESS command. */
    OPERATOR(2),
    /** A SUPPRESS command written by a bulk import of another list. */
    IMPORT(3);

    private static final SuppressionSource[] BY_CODE = StableCode.byCode(values());

    private final int code;

    SuppressionSource(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static SuppressionSource fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "SuppressionSource");
    }
}
