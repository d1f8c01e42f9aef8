package io.bouncewatch.topology;

/**
 * Mailboxes are stored under {@code domain NUL local-part}, so one domain's mailboxes sit together
 * and a prefix scan finds them (domain pauses, lists by domain), and the domain is written once per
 * key. NUL never occurs in a valid address; the domain is what follows the last {@code @}, so the
 * local part may hold {@code @} itself.
 */
public final class MailboxStoreKey {

    private static final char SEPARATOR = '\u0000';

    private MailboxStoreKey() {}

    public static String of(String mailbox) {
        int at = mailbox.lastIndexOf('@');
        return mailbox.substring(at + 1) + SEPARATOR + mailbox.substring(0, at);
    }

    public static String domainPrefix(String domain) {
        return domain + SEPARATOR;
    }

    public static String mailboxOf(String storeKey) {
        int separator = storeKey.indexOf(SEPARATOR);
        return storeKey.substring(separator + 1) + '@' + storeKey.substring(0, separator);
    }
}
