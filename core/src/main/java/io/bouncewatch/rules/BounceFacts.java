package io.bouncewatch.rules;

import java.util.Locale;

/**
 * What a bounce says about itself, as an event or a parsed bounce message carries it: the input of
 * {@link BounceClassifier}. Every component may be null.
 *
 * @param producerCategory the category the producer already set, as written
 * @param diagnostic the remote server's reply or the bounce's explanation
 * @param enhancedStatus RFC 3463 status, e.g. {@code 5.1.1}
 * @param smtpCode SMTP reply code, e.g. 550
 * @param type HARD or SOFT, as the producer or the bounce said
 * @param recipient the failed recipient's address
 * @param remoteMta the host that answered
 * @param producerProvider the provider the producer named, as written
 */
public record BounceFacts(
        String producerCategory,
        String diagnostic,
        String enhancedStatus,
        Integer smtpCode,
        BounceType type,
        String recipient,
        String remoteMta,
        String producerProvider) {

    /** The facts of a bounce message, which names no producer category or provider. */
    public static BounceFacts ofReply(
            String recipient,
            String diagnostic,
            String enhancedStatus,
            Integer smtpCode,
            BounceType type,
            String remoteMta) {
        return new BounceFacts(
                null, diagnostic, enhancedStatus, smtpCode, type, recipient, remoteMta, null);
    }

    /** The domain of the recipient, lower-case; null without a recipient. */
    public String recipientDomain() {
        return domainOf(recipient);
    }

    /**
     * The domain of an address: after the last {@code @}, lower-case, without a trailing dot; null
     * for null.
     */
    public static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        String domain =
                address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
        return domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    }
}
