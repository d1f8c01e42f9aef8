package io.bouncewatch.topology;

import io.bouncewatch.payload.Addresses;

/**
 * Mailboxes are stored under {@code domain NUL mailbox}, so one domain's mailboxes sit together and
 * a prefix scan finds them (domain pauses, lists by domain). NUL never occurs in a valid address.
 */
public final class MailboxStoreKey {

    private static final char SEPARATOR = '\u0000';

    private MailboxStoreKey() {
    }

    public static String of(String mailbox) {
        return Addresses.domainOf(mailbox) + SEPARATOR + mailbox;
    }

    public static String domainPrefix(String domain) {
        return domain + SEPARATOR;
    }

    public static String mailboxOf(String storeKey) {
        return storeKey.substring(storeKey.indexOf(SEPARATOR) + 1);
    }
}
