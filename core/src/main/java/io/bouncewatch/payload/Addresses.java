package io.bouncewatch.payload;

import java.net.IDN;
import java.util.Locale;

/**
 * Mailbox addresses and domains in the one form every part of the monitor compares: trimmed,
 * lower-case, the domain (after the last {@code @}) without a trailing dot and, when
 * internationalised, in its ASCII (punycode) form. Every address that enters (HTTP paths, input
 * events, commands) goes through here, so {@code ACME.IO.} and {@code acme.io} are one domain.
 */
public final class Addresses {

    /**
     * RFC 5321 limits a forward path to 256 octets; 320 leaves room for what senders really send.
     */
    public static final int MAX_ADDRESS_LENGTH = 320;

    public static final int MAX_DOMAIN_LENGTH = 255;

    private Addresses() {}

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
            throw new IllegalArgumentException(
                    "mailbox is longer than " + MAX_ADDRESS_LENGTH + " characters");
        }
        int at = mailbox.lastIndexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("mailbox '" + abbreviate(mailbox) + "' has no @");
        }
        if (at == 0) {
            throw new IllegalArgumentException(
                    "mailbox '" + abbreviate(mailbox) + "' has nothing before the @");
        }
        String written = mailbox.substring(at + 1);
        String domain = domain(written, mailbox);
        String problem = unprintable(mailbox);
        if (problem != null) {
            throw new IllegalArgumentException("mailbox" + problem);
        }
        if (domain.equals(written)) {
            return mailbox;
        }
        String normalised = mailbox.substring(0, at + 1) + domain;
        if (normalised.length() > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException(
                    "mailbox is longer than " + MAX_ADDRESS_LENGTH + " characters");
        }
        return normalised;
    }

    /**
     * The normalised form of a recipient address: the same as a mailbox's, so that one person is
     * one entry of the suppression list however the events write the address.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String normaliseRecipient(String raw) {
        try {
            return normaliseMailbox(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    e.getMessage().replaceFirst("^mailbox", "recipient"), e);
        }
    }

    /**
     * The normalised form of a recipient an event names in passing, or null when it names none or
     * one that is not an address: the event still counts for its mailbox.
     */
    public static String recipientOrNull(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return normaliseMailbox(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The normalised form of a sender domain.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static String normaliseDomain(String raw) {
        String domain = raw.strip().toLowerCase(Locale.ROOT);
        return domain(domain, null);
    }

    /** The sender domain of a normalised mailbox: the part after the last {@code @}. */
    public static String domainOf(String mailbox) {
        return mailbox.substring(mailbox.lastIndexOf('@') + 1);
    }

    /**
     * A checked, lower-cased domain in its normal form: without the trailing dot of a fully
     * qualified name, an internationalised one in ASCII.
     *
     * @param mailbox the mailbox whose domain this is, named in the error; null for a bare domain
     */
    private static String domain(String domain, String mailbox) {
        checkDomain(domain, mailbox);
        String ascii = domain;
        if (!isAscii(domain)) {
            try {
                ascii = IDN.toASCII(domain).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        describe(mailbox)
                                + ": '"
                                + abbreviate(domain)
                                + "' is not a valid internationalised domain name ("
                                + idnReason(e)
                                + ")");
            }
            if (ascii.length() > MAX_DOMAIN_LENGTH) {
                throw new IllegalArgumentException(
                        describe(mailbox)
                                + ": domain is longer than "
                                + MAX_DOMAIN_LENGTH
                                + " characters in its ASCII form");
            }
        }
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (name.isEmpty()) {
            throw new IllegalArgumentException(describe(mailbox) + " has no domain");
        }
        return name;
    }

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** IDN wraps its parser's reason in the message of an IllegalArgumentException. */
    private static String idnReason(IllegalArgumentException e) {
        String message = e.getMessage() == null ? "rejected" : e.getMessage();
        return message.replaceFirst("^java\\.text\\.ParseException: ", "");
    }

    /**
     * @param mailbox the mailbox whose domain this is, named in the error; null for a bare domain.
     *     The name is built only for an error: this runs on every event.
     */
    private static void checkDomain(String domain, String mailbox) {
        if (domain.isEmpty()) {
            throw new IllegalArgumentException(describe(mailbox) + " has no domain");
        }
        if (domain.length() > MAX_DOMAIN_LENGTH) {
            throw new IllegalArgumentException(
                    describe(mailbox)
                            + ": domain is longer than "
                            + MAX_DOMAIN_LENGTH
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
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return " contains invalid Unicode (a lone surrogate)";
            }
            if (Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)) {
                return " contains white space or a control character";
            }
            if (Character.getType(c) == Character.FORMAT) {
                return " contains an invisible character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c)
                        + ")";
            }
        }
        return null;
    }

    static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
