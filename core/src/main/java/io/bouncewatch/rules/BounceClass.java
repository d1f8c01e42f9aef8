package io.bouncewatch.rules;

/**
 * The finer reason inside a {@link Category}, so that every classification can be explained: each
 * class belongs to one category, except {@link #UNSPECIFIED}, which goes with any category when
 * nothing finer is known (a producer's own category, a bare code, the bounce type).
 */
public enum BounceClass implements StableCode {
    UNSPECIFIED(0, null),

    USER_UNKNOWN(1, Category.LIST),
    DOMAIN_UNKNOWN(2, Category.LIST),
    MAILBOX_DISABLED(3, Category.LIST),
    MOVED(4, Category.LIST),
    NO_MAIL_ACCEPTED(5, Category.LIST),

    BLOCKLISTED(10, Category.REPUTATION),
    LOW_REPUTATION(11, Category.REPUTATION),
    SPAM_CONTENT(12, Category.REPUTATION),
    VIRUS(13, Category.REPUTATION),
    POLICY(14, Category.REPUTATION),
    FILTERED(15, Category.REPUTATION),
    SENDER_REJECTED(16, Category.REPUTATION),

    SPF(20, Category.CONFIG),
    DKIM(21, Category.CONFIG),
    DMARC(22, Category.CONFIG),
    AUTHENTICATION(23, Category.CONFIG),
    REVERSE_DNS(24, Category.CONFIG),
    TLS(25, Category.CONFIG),
    MESSAGE_FORMAT(26, Category.CONFIG),
    RELAYING(27, Category.CONFIG),

    RATE_LIMITED(30, Category.THROTTLE),
    TOO_MANY_CONNECTIONS(31, Category.THROTTLE),

    MAILBOX_FULL(40, Category.TRANSIENT),
    MESSAGE_TOO_LARGE(41, Category.TRANSIENT),
    SYSTEM_ERROR(42, Category.TRANSIENT),
    NETWORK_ERROR(43, Category.TRANSIENT),
    EXPIRED(44, Category.TRANSIENT),

    AUTO_REPLY(50, Category.IGNORE),
    DELIVERY_NOTICE(51, Category.IGNORE),
    NOT_A_BOUNCE(52, Category.IGNORE),

    FEEDBACK_REPORT(60, Category.COMPLAINT);

    private static final BounceClass[] BY_CODE = StableCode.byCode(values());

    private final int code;
    private final Category category;

    BounceClass(int code, Category category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static BounceClass fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "BounceClass");
    }

    /** The category this class belongs to; null for {@link #UNSPECIFIED}, which fits any. */
    public Category category() {
        return category;
    }

    /** Whether a classification may pair this class with the category. */
    public boolean fits(Category candidate) {
        return category == null || category == candidate;
    }
}
