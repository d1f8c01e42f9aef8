package io.bouncewatch.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies a bounce into a {@link Category} and a {@link BounceClass}, naming the rule that
 * matched. The sources are tried in this order, the first that decides wins:
 *
 * <ol>
 *   <li>the category the producer set;
 *   <li>the diagnostic text with the enhanced status, by the rows of {@link ReplyPatterns}
 *       (provider-specific replies first): the text beats the codes, so a {@code 550 5.1.1} whose
 *       text says the mailbox is full is a full mailbox;
 *   <li>the RFC 3463 enhanced status alone;
 *   <li>the SMTP reply code alone;
 *   <li>the bounce type: SOFT is {@code TRANSIENT}; HARD, or nothing at all, is {@code UNKNOWN}.
 * </ol>
 *
 * A success code (2.x.x or 2xx) is a delivery notice, {@code IGNORE}, before any of the bounce's
 * own facts. Pure and thread-safe.
 */
public final class BounceClassifier {

    /**
     * RFC 3463 subject.detail codes whose meaning does not depend on the class digit (the class
     * only says whether the server will retry). Codes absent here, such as {@code x.0.0} or {@code
     * x.5.x}, say too little.
     */
    private static final Map<String, BounceClass> STATUS_DETAIL =
            Map.ofEntries(
                    Map.entry("1.1", BounceClass.USER_UNKNOWN),
                    Map.entry("1.2", BounceClass.DOMAIN_UNKNOWN),
                    Map.entry("1.3", BounceClass.USER_UNKNOWN),
                    Map.entry("1.6", BounceClass.MOVED),
                    Map.entry("1.7", BounceClass.SENDER_REJECTED),
                    Map.entry("1.8", BounceClass.SENDER_REJECTED),
                    Map.entry("1.10", BounceClass.NO_MAIL_ACCEPTED),
                    Map.entry("2.1", BounceClass.MAILBOX_DISABLED),
                    Map.entry("2.2", BounceClass.MAILBOX_FULL),
                    Map.entry("2.3", BounceClass.MESSAGE_TOO_LARGE),
                    Map.entry("2.4", BounceClass.SYSTEM_ERROR),
                    Map.entry("3.0", BounceClass.SYSTEM_ERROR),
                    Map.entry("3.1", BounceClass.SYSTEM_ERROR),
                    Map.entry("3.2", BounceClass.SYSTEM_ERROR),
                    Map.entry("3.4", BounceClass.MESSAGE_TOO_LARGE),
                    Map.entry("3.5", BounceClass.SYSTEM_ERROR),
                    Map.entry("4.0", BounceClass.NETWORK_ERROR),
                    Map.entry("4.1", BounceClass.NETWORK_ERROR),
                    Map.entry("4.2", BounceClass.NETWORK_ERROR),
                    Map.entry("4.3", BounceClass.SYSTEM_ERROR),
                    Map.entry("4.5", BounceClass.SYSTEM_ERROR),
                    Map.entry("4.6", BounceClass.SYSTEM_ERROR),
                    Map.entry("4.7", BounceClass.EXPIRED),
                    Map.entry("5.3", BounceClass.RATE_LIMITED),
                    Map.entry("6.0", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.1", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.2", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.3", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.4", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.5", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.6", BounceClass.MESSAGE_FORMAT),
                    Map.entry("6.7", BounceClass.MESSAGE_FORMAT),
                    Map.entry("7.0", BounceClass.POLICY),
                    Map.entry("7.1", BounceClass.POLICY),
                    Map.entry("7.2", BounceClass.POLICY),
                    Map.entry("7.3", BounceClass.TLS),
                    Map.entry("7.4", BounceClass.TLS),
                    Map.entry("7.5", BounceClass.TLS),
                    Map.entry("7.6", BounceClass.TLS),
                    Map.entry("7.7", BounceClass.DKIM),
                    Map.entry("7.8", BounceClass.AUTHENTICATION),
                    Map.entry("7.9", BounceClass.AUTHENTICATION),
                    Map.entry("7.10", BounceClass.TLS),
                    Map.entry("7.11", BounceClass.TLS),
                    Map.entry("7.12", BounceClass.AUTHENTICATION),
                    Map.entry("7.13", BounceClass.MAILBOX_DISABLED),
                    Map.entry("7.14", BounceClass.POLICY),
                    Map.entry("7.17", BounceClass.MAILBOX_DISABLED),
                    Map.entry("7.18", BounceClass.MAILBOX_DISABLED),
                    Map.entry("7.20", BounceClass.DKIM),
                    Map.entry("7.21", BounceClass.DKIM),
                    Map.entry("7.22", BounceClass.DKIM),
                    Map.entry("7.23", BounceClass.SPF),
                    Map.entry("7.24", BounceClass.SPF),
                    Map.entry("7.25", BounceClass.REVERSE_DNS),
                    Map.entry("7.26", BounceClass.AUTHENTICATION),
                    Map.entry("7.27", BounceClass.SENDER_REJECTED),
                    Map.entry("7.28", BounceClass.RATE_LIMITED),
                    Map.entry("7.29", BounceClass.AUTHENTICATION),
                    Map.entry("7.30", BounceClass.TLS));

    /**
     * Full codes whose meaning depends on the class digit: a permanent failure to route is an
     * unknown domain, a temporary one is the network.
     */
    private static final Map<String, BounceClass> STATUS_EXACT =
            Map.of(
                    "5.4.4", BounceClass.DOMAIN_UNKNOWN,
                    "5.4.6", BounceClass.SYSTEM_ERROR,
                    "4.4.4", BounceClass.NETWORK_ERROR);

    /** RFC 5321 replies that mean one thing whatever the server adds (RFC 7504 for 521 and 556). */
    private static final Map<Integer, BounceClass> SMTP_CODE =
            Map.of(
                    421, BounceClass.SYSTEM_ERROR,
                    450, BounceClass.SYSTEM_ERROR,
                    451, BounceClass.SYSTEM_ERROR,
                    452, BounceClass.SYSTEM_ERROR,
                    521, BounceClass.NO_MAIL_ACCEPTED,
                    551, BounceClass.MOVED,
                    552, BounceClass.MAILBOX_FULL,
                    556, BounceClass.NO_MAIL_ACCEPTED);

    private final List<ReplyPattern> rows = ReplyPatterns.ROWS;

    public Classification classify(BounceFacts facts) {
        String diagnostic = facts.diagnostic();
        if (diagnostic != null && diagnostic.length() > ReplyText.MAX_LENGTH) {
            diagnostic = diagnostic.substring(0, ReplyText.MAX_LENGTH);
        }
        String text = ReplyText.normalise(diagnostic);
        String status = EnhancedStatus.normalise(facts.enhancedStatus());
        if (status == null) {
            status = EnhancedStatus.find(diagnostic);
        }
        Integer smtpCode = facts.smtpCode() != null ? facts.smtpCode() : SmtpCode.find(diagnostic);
        Provider provider = provider(facts, text);

        Classification own = fromFacts(text, status, smtpCode, facts.type(), provider);
        Optional<Category> producer = Category.ofProducer(facts.producerCategory());
        if (producer.isPresent()) {
            BounceClass finer =
                    own.category() == producer.get() ? own.bounceClass() : BounceClass.UNSPECIFIED;
            return new Classification(producer.get(), finer, provider, "producer category");
        }
        return own;
    }

    private Classification fromFacts(
            String text, String status, Integer smtpCode, BounceType type, Provider provider) {
        boolean success =
                status != null
                        ? status.charAt(0) == '2'
                        : smtpCode != null && smtpCode >= 200 && smtpCode < 300;
        if (success) {
            // Delivered: whatever the text adds ("queued for content filter") is no failure. The
            // status decides when there is one: a reply may quote a greeting ("220-mx ... 421 4.2.1
            // ...").
            return Classification.of(BounceClass.DELIVERY_NOTICE, provider, "success code");
        }
        for (ReplyPattern row : rows) {
            if (row.matches(text, status)) {
                return Classification.of(row.bounceClass(), provider, "reply " + row.id());
            }
        }
        if (status != null) {
            BounceClass byStatus = STATUS_EXACT.get(status);
            if (byStatus == null) {
                byStatus = STATUS_DETAIL.get(status.substring(2));
            }
            if (byStatus != null && ReplyPattern.fitsStatus(byStatus, status)) {
                return Classification.of(byStatus, provider, "enhanced status " + status);
            }
        }
        if (smtpCode != null && SMTP_CODE.containsKey(smtpCode)) {
            return Classification.of(SMTP_CODE.get(smtpCode), provider, "SMTP code " + smtpCode);
        }
        if (type == BounceType.SOFT) {
            return new Classification(
                    Category.TRANSIENT, BounceClass.UNSPECIFIED, provider, "type SOFT");
        }
        if (type == BounceType.HARD) {
            return new Classification(
                    Category.UNKNOWN, BounceClass.UNSPECIFIED, provider, "type HARD");
        }
        return new Classification(
                Category.UNKNOWN, BounceClass.UNSPECIFIED, provider, "nothing matched");
    }

    /**
     * The recipient's well-known consumer domain, else the servers named in the reply or as the
     * remote MTA, else the producer's word, else {@link Provider#OTHER}.
     */
    static Provider provider(BounceFacts facts, String text) {
        Optional<Provider> provider = Provider.ofConsumerDomain(facts.recipientDomain());
        if (provider.isEmpty()) {
            provider = Provider.ofServerText(text);
        }
        if (provider.isEmpty() && facts.remoteMta() != null) {
            provider = Provider.ofServerText(ReplyText.normalise(facts.remoteMta()));
        }
        if (provider.isEmpty()) {
            provider = Provider.ofWireName(facts.producerProvider());
        }
        return provider.orElse(Provider.OTHER);
    }
}
