package io.bouncewatch.payload;

import java.util.Locale;

/** Mailbox addresses and domains as CONTRACT.md compares them: trimmed and lower-case. */
public final class Addresses {

    /** RFC 5321 limits a forward path to 256 octets; 320 leaves room for what senders really send. */
    public static final int MAX_ADDRESS_LENGTH = 320;
    public static final int MAX_DOMAIN_LENGTH = 255;

    private Addresses() {
    }

    /**
     * The normalised form of a mailbox address.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String normaliseMailbox(String raw) {
        String mailbox = raw.trim().toLowerCase(Locale.ROOT);
        if (mailbox.isEmpty()) {
            throw new IllegalArgumentException("mailbox is empty");
        }
        if (mailbox.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("mailbox is longer than " + MAX_ADDRESS_LENGTH + " characters");
        }
        int at = mailbox.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("mailbox '" + abbreviate(mailbox) + "' has no @");
        }
        if (at == 0) {
            throw new IllegalArgumentException("mailbox '" + abbreviate(mailbox) + "' has nothing before the @");
        }
        checkDomain(mailbox.substring(at + 1), "mailbox '" + abbreviate(mailbox) + "'");
        checkPrintable(mailbox, "mailbox");
        return mailbox;
    }

    /** The normalised form of a sender domain. */
    public static String normaliseDomain(String raw) {
        String domain = raw.trim().toLowerCase(Locale.ROOT);
        checkDomain(domain, "domain");
        return domain;
    }

    /** The sender domain of a normalised mailbox: the part after the last {@code @}. */
    public static String domainOf(String mailbox) {
        return mailbox.substring(mailbox.lastIndexOf('@') + 1);
    }

    private static void checkDomain(String domain, String what) {
        if (domain.isEmpty()) {
            throw new IllegalArgumentException(what + " has no domain");
        }
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            throw new IllegalArgumentException(what + ": domain is longer than " + MAX_DOMAIN_LENGTH + " characters");
        }
        if (domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException(what + ": a domain has no @");
        }
        checkPrintable(domain, what);
    }

    private static void checkPrintable(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " contains white space or a control character");
            }
        }
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
