package io.bouncewatch.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * A mailbox provider that throttles and blocks senders on its own: the far end of a route. Named on
 * the wire in lower case ({@code google}), as producers write it.
 */
public enum Provider implements StableCode {
    OTHER(0),
    GOOGLE(1),
    MICROSOFT(2),
    YAHOO(3),
    APPLE(4);

    private static final Provider[] BY_CODE = StableCode.byCode(values());

    private final int code;

    Provider(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static Provider fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "Provider");
    }

    /** The name producers and the API use: {@code google}, {@code microsoft}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider a producer named, case aside; empty for a blank or unknown name. */
    public static Optional<Provider> ofWireName(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(raw.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The provider behind a well-known consumer domain (lower-case, as addresses are normalised);
     * empty for any other domain, whose provider only the bounce itself can tell.
     */
    public static Optional<Provider> ofConsumerDomain(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            return Optional.of(GOOGLE);
        }
        if (domain.equals("outlook.com")
                || domain.equals("msn.com")
                || domain.startsWith("hotmail.")
                || domain.startsWith("live.")) {
            return Optional.of(MICROSOFT);
        }
        if (domain.startsWith("yahoo.") || domain.equals("ymail.com") || domain.equals("aol.com")) {
            return Optional.of(YAHOO);
        }
        if (domain.equals("icloud.com") || domain.equals("me.com") || domain.equals("mac.com")) {
            return Optional.of(APPLE);
        }
        return Optional.empty();
    }

    /**
     * The provider whose servers wrote a reply or answered as the remote MTA, from the host names
     * and signatures they put there ({@code gsmtp}, {@code protection.outlook.com}, {@code
     * yahoodns}); empty when the text names none.
     *
     * @param text lower-case text
     */
    public static Optional<Provider> ofServerText(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        // Google's MX hosts (aspmx.l.google.com, gmail-smtp-in.l.google.com) and reply signature,
        // not support.google.com, which Gmail's own bounces about other providers link to.
        if (text.contains("gsmtp")
                || text.contains("l.google.com")
                || text.contains("googlemail.com")) {
            return Optional.of(GOOGLE);
        }
        if (text.contains("outlook.com")
                || text.contains("hotmail.com")
                || text.contains("prod.outlook")
                || text.contains("mail.protection")
                || text.contains("live.com")) {
            return Optional.of(MICROSOFT);
        }
        if (text.contains("yahoodns")
                || text.contains("yahoo.com")
                || text.contains("yahooinc")
                || text.contains("aol.com")) {
            return Optional.of(YAHOO);
        }
        if (text.contains("icloud.com") || text.contains("apple.com")) {
            return Optional.of(APPLE);
        }
        return Optional.empty();
    }
}
