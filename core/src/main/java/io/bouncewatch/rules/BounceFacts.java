package io.bouncewatch.rules;

import java.util.Locale;
import java.util.regex.Pattern;

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

    /** The longest reply {@link #reply()} gives; a status change quotes it. */
    public static final int MAX_REPLY_LENGTH = 256;

    /** Compiled once: {@link String#replaceAll} compiles its pattern on every call. */
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

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

    /**
     * The reply in one line, as an operator reads it in a status change: the SMTP code and the
     * enhanced status before the diagnostic when its text does not already carry them, blanks
     * folded, cut to {@link #MAX_REPLY_LENGTH} characters; null with no code and no diagnostic.
     */
    public String reply() {
        String text =
                diagnostic == null ? "" : WHITE_SPACE.matcher(diagnostic.strip()).replaceAll(" ");
        StringBuilder out = new StringBuilder();
        if (smtpCode != null && !text.contains(String.valueOf(smtpCode))) {
            out.append(smtpCode).append(' ');
        }
        if (enhancedStatus != null
                && !enhancedStatus.isBlank()
                && !text.contains(enhancedStatus.strip())) {
            out.append(enhancedStatus.strip()).append(' ');
        }
        out.append(text);
        String reply = out.toString().strip();
        if (reply.isEmpty()) {
            return null;
        }
        return reply.length() > MAX_REPLY_LENGTH ? reply.substring(0, MAX_REPLY_LENGTH) : reply;
    }
}
