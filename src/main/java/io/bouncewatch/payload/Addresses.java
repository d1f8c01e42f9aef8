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
        String mailbox = raw.strip().toLowerCase(Locale.ROOT);
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
        checkDomain(mailbox.substring(at + 1), mailbox);
        String problem = unprintable(mailbox);
        if (problem != null) {
            throw new IllegalArgumentException("mailbox" + problem);
        }
        return mailbox;
    }

    /** The normalised form of a sender domain. */
    public static String normaliseDomain(String raw) {
        String domain = raw.strip().toLowerCase(Locale.ROOT);
        checkDomain(domain, null);
        return domain;
    }

    /** The sender domain of a normalised mailbox: the part after the last {@code @}. */
    public static String domainOf(String mailbox) {
        return mailbox.substring(mailbox.lastIndexOf('@') + 1);
    }

    /**
     * @param mailbox the mailbox whose domain this is, named in the error; null for a bare domain.
     *                The name is built only for an error: this runs on every event.
     */
    private static void checkDomain(String domain, String mailbox) {
        if (domain.isEmpty()) {
            throw new IllegalArgumentException(describe(mailbox) + " has no domain");
        }
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            throw new IllegalArgumentException(describe(mailbox) + ": domain is longer than " + MAX_DOMAIN_LENGTH
                    + " characters");
        }
        if (domain.indexOf('@') >= 0) {
            throw new IllegalArgumentException(describe(mailbox) + ": a domain has no @");
        }
        String problem = unprintable(domain);
        if (problem != null) {
            throw new IllegalArgumentException(describe(mailbox) + problem);
        }
    }

    private static String describe(String mailbox) {
        return mailbox == null ? "domain" : "mailbox '" + abbreviate(mailbox) + "'";
    }

    /**
     * Refuses any kind of space (no-break ones included), control and invisible format characters
     * (zero-width space), and broken UTF-16: each would make a look-alike of a real address.
     *
     * @return what is wrong, to follow the name of the value in an error; null when nothing is
     */
    private static String unprintable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > ' ' && c < 0x7F) {
                continue; // printable ASCII, nearly every character of every address
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return " contains invalid Unicode (a lone surrogate)";
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return " contains white space or a control character";
            }
            if (Character.getType(c) == Character.FORMAT) {
                return " contains an invisible character (U+" + String.format(Locale.ROOT, "%04X", (int) c) + ")";
            }
        }
        return null;
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
