package io.bouncewatch.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * What a bounce means, which decides what it does to the mailbox, its routes and the recipient. A
 * feedback report is not a bounce but is classified alongside them, as {@link #COMPLAINT}.
 */
public enum Category implements StableCode {
    /** The recipient or its domain does not exist, is disabled, moved or accepts no mail. */
    LIST(0),
    /**
     * The receiver refused this sender or message: blocklist, reputation, spam, content, policy.
     */
    REPUTATION(1),
    /** The sender's own setup: SPF, DKIM, DMARC, reverse DNS, TLS, message form, relaying. */
    CONFIG(2),
    /** Rate limited, too many connections, deferred for volume. */
    THROTTLE(3),
    /** Mailbox full, message too large, server busy, network, expired in the queue. */
    TRANSIENT(4),
    /** Not a failure: an auto-reply or a delivery notice. */
    IGNORE(5),
    /** Nothing matched. */
    UNKNOWN(6),
    /** A feedback report (ARF): the recipient complained. Never a bounce's category. */
    COMPLAINT(7);

    private static final Category[] BY_CODE = StableCode.byCode(values());

    private final int code;

    Category(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static Category fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "Category");
    }

    /**
     * The category a producer set on a bounce, when it names one a bounce can have (case and
     * surrounding blanks aside); anything else leaves the classification to the bounce's own facts.
     */
    public static Optional<Category> ofProducer(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            Category category = valueOf(raw.strip().toUpperCase(Locale.ROOT));
            return category == COMPLAINT ? Optional.empty() : Optional.of(category);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
