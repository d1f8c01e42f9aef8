package io.bouncewatch.rules;

import java.util.Locale;

/** Permanent (HARD) bounces count against a mailbox; transient (SOFT) ones only when configured. */
public enum BounceType implements StableCode {
    HARD(0),
    SOFT(1);

    private static final BounceType[] BY_CODE = StableCode.byCode(values());

    private final int code;

    BounceType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static BounceType fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "BounceType");
    }

    /**
     * Classifies a bounce as docs/rules.md §2 says: an explicit type wins (a blank one counts as
     * none), then the RFC 3463 enhanced status class, then the SMTP reply code; a bounce with
     * nothing to go on is HARD.
     *
     * @throws IllegalArgumentException when the type is neither HARD nor SOFT
     */
    public static BounceType classify(String type, Integer smtpCode, String enhancedStatus) {
        if (type != null && !type.isBlank()) {
            try {
                return valueOf(type.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "bounce type '" + type + "' is not HARD or SOFT");
            }
        }
        if (enhancedStatus != null && !enhancedStatus.isBlank()) {
            char statusClass = enhancedStatus.trim().charAt(0);
            if (statusClass == '4') {
                return SOFT;
            }
            if (statusClass == '5') {
                return HARD;
            }
        }
        if (smtpCode != null && smtpCode >= 400 && smtpCode < 500) {
            return SOFT;
        }
        return HARD;
    }
}
