package io.bouncewatch.traffic;

import static io.bouncewatch.rules.Provider.APPLE;
import static io.bouncewatch.rules.Provider.GOOGLE;
import static io.bouncewatch.rules.Provider.MICROSOFT;
import static io.bouncewatch.rules.Provider.OTHER;
import static io.bouncewatch.rules.Provider.YAHOO;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The bounces the demo fleet and the benchmark send: the replies Gmail, Microsoft, Yahoo, iCloud
 * and ordinary corporate mail servers give, written for this project in the form those providers
 * document and send them (codes, wording, their own signatures such as {@code gsmtp}), with made-up
 * hosts, addresses and trace ids. Each names what the classifier must make of it, so that a test
 * proves the traffic exercises what it claims.
 *
 * <p>Within a category, the weights follow the recipients of business mail: Gmail most, then
 * Microsoft (consumer Outlook and company tenants on Exchange Online), company servers, Yahoo and
 * iCloud.
 */
public final class BounceReplies {

    private static final String SENDING_IP = "203.0.113.41";
    private static final String GMAIL_MX = "gmail-smtp-in.l.google.com";

    /** Every reply, grouped by category. */
    public static final List<BounceReply> ALL =
            List.of(
                            // LIST: the address is gone; suppress it
                            reply("gmail-no-account", BounceClass.USER_UNKNOWN, GOOGLE, 26)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.1.1",
                                            "550-5.1.1 The email account that you tried to reach does not"
                                                    + " exist. Please try double-checking the recipient's"
                                                    + " email address for typos or unnecessary spaces. For"
                                                    + " more information, go to"
                                                    + " https://support.google.com/mail/?p=NoSuchUser"
                                                    + " 5b1f17b1804b1-47a8f2c3e91si7731205e9.411 - gsmtp")
                                    .mta(GMAIL_MX),
                            reply("gmail-disabled", BounceClass.MAILBOX_DISABLED, GOOGLE, 4)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.2.1",
                                            "550-5.2.1 The email account that you tried to reach is"
                                                    + " disabled. For more information, go to"
                                                    + " https://support.google.com/mail/?p=DisabledUser"
                                                    + " a640c23a62f3a-b2e6d1f07c3si2290417566b.97 - gsmtp"),
                            reply(
                                            "outlook-mailbox-unavailable",
                                            BounceClass.USER_UNKNOWN,
                                            MICROSOFT,
                                            12)
                                    .at("outlook.com", "hotmail.com", "live.com")
                                    .hard(
                                            550,
                                            "5.5.0",
                                            "550 5.5.0 Requested action not taken: mailbox unavailable"
                                                    + " (S2017062302). [DB5EUR03FT021.eop-EUR03.prod."
                                                    + "protection.outlook.com 2026-11-30T09:14:07.551Z"
                                                    + " 08DE2F6A1C3B9E77]")
                                    .mta("hotmail-com.olc.protection.outlook.com"),
                            // A company whose mail is hosted on Exchange Online: Microsoft by the
                            // reply's
                            // own server names, not by the recipient's domain
                            reply(
                                            "exchange-online-recipient-not-found",
                                            BounceClass.USER_UNKNOWN,
                                            MICROSOFT,
                                            10)
                                    .hard(
                                            550,
                                            "5.1.10",
                                            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient "
                                                    + BounceReply.RECIPIENT
                                                    + " not found by SMTP address lookup"
                                                    + " [AM7PR02MB5890.eurprd02.prod.outlook.com]"),
                            reply("yahoo-no-account", BounceClass.USER_UNKNOWN, YAHOO, 7)
                                    .at("yahoo.com")
                                    .hard(
                                            554,
                                            null,
                                            "554 delivery error: dd This user doesn't have a yahoo.com"
                                                    + " account ("
                                                    + BounceReply.RECIPIENT
                                                    + ") [0] - mta4123.mail.bf1.yahoo.com")
                                    .mta("mta7.am0.yahoodns.net"),
                            reply("icloud-no-user", BounceClass.USER_UNKNOWN, APPLE, 4)
                                    .at("icloud.com", "me.com")
                                    .hard(
                                            550,
                                            "5.1.1",
                                            "550 5.1.1 <"
                                                    + BounceReply.RECIPIENT
                                                    + ">: user does not exist")
                                    .mta("mx02.mail.icloud.com"),
                            reply("postfix-user-unknown", BounceClass.USER_UNKNOWN, OTHER, 15)
                                    .hard(
                                            550,
                                            "5.1.1",
                                            "550 5.1.1 <"
                                                    + BounceReply.RECIPIENT
                                                    + ">: Recipient address rejected: User unknown in"
                                                    + " virtual mailbox table"),
                            // Written by the sending server itself: no remote server answered
                            reply("no-such-domain", BounceClass.DOMAIN_UNKNOWN, OTHER, 8)
                                    .hard(
                                            null,
                                            "5.4.4",
                                            "Host or domain name not found. Name service error for name="
                                                    + BounceReply.RECIPIENT_DOMAIN
                                                    + " type=MX: Host not found"),
                            reply("mailbox-disabled", BounceClass.MAILBOX_DISABLED, OTHER, 4)
                                    .hard(
                                            550,
                                            "5.2.1",
                                            "550 5.2.1 <"
                                                    + BounceReply.RECIPIENT
                                                    + ">: Mailbox disabled, not accepting messages"),

                            // TRANSIENT: try again later; suppressed only when it keeps happening
                            reply("gmail-out-of-storage", BounceClass.MAILBOX_FULL, GOOGLE, 20)
                                    .at("gmail.com")
                                    .soft(
                                            452,
                                            "4.2.2",
                                            "452-4.2.2 The recipient's inbox is out of storage space."
                                                    + " Please direct the recipient to"
                                                    + " https://support.google.com/mail/?p=OverQuotaTemp"
                                                    + " 2adb3069b0e04-5a1c7e3f9b2si3350981e87.402 - gsmtp")
                                    .mta(GMAIL_MX),
                            // Exchange reports a full mailbox as permanent: the text beats the code
                            reply(
                                            "exchange-quota-exceeded",
                                            BounceClass.MAILBOX_FULL,
                                            MICROSOFT,
                                            10)
                                    .hard(
                                            554,
                                            "5.2.2",
                                            "554 5.2.2 mailbox full;"
                                                    + " STOREDRV.Deliver.Exception:QuotaExceededException."
                                                    + "MapiExceptionShutoffQuotaExceeded; Failed to process"
                                                    + " message due to a permanent exception"
                                                    + " [PA4PR08MB7011.eurprd08.prod.outlook.com]"),
                            reply("outlook-mailbox-full", BounceClass.MAILBOX_FULL, MICROSOFT, 8)
                                    .at("outlook.com", "hotmail.com", "live.com")
                                    .soft(
                                            452,
                                            "4.2.2",
                                            "452 4.2.2 Mailbox full: the recipient's mailbox is full and"
                                                    + " can't accept messages now. Please try resending"
                                                    + " later. [VI1EUR06FT014.eop-EUR06.prod.protection."
                                                    + "outlook.com]"),
                            reply("yahoo-over-quota", BounceClass.MAILBOX_FULL, YAHOO, 5)
                                    .at("yahoo.com")
                                    .soft(
                                            452,
                                            "4.2.2",
                                            "452 4.2.2 Mailbox is over quota, please try again later"
                                                    + " - mta1046.mail.gq1.yahoo.com"),
                            reply("icloud-mailbox-full", BounceClass.MAILBOX_FULL, APPLE, 3)
                                    .at("icloud.com", "me.com")
                                    .soft(
                                            452,
                                            "4.2.2",
                                            "452 4.2.2 <"
                                                    + BounceReply.RECIPIENT
                                                    + ">: mailbox full")
                                    .mta("mx01.mail.icloud.com"),
                            reply("dovecot-quota-exceeded", BounceClass.MAILBOX_FULL, OTHER, 12)
                                    .soft(
                                            452,
                                            "4.2.2",
                                            "452 4.2.2 <"
                                                    + BounceReply.RECIPIENT
                                                    + "> Quota exceeded (mailbox for user is full)"),
                            reply("expired-in-queue", BounceClass.EXPIRED, OTHER, 10)
                                    .soft(
                                            null,
                                            "4.4.7",
                                            "Message expired after 5 days in the queue; last attempt:"
                                                    + " connect to mx."
                                                    + BounceReply.RECIPIENT_DOMAIN
                                                    + "[198.51.100.23]:25: Connection timed out"),
                            reply("server-error", BounceClass.SYSTEM_ERROR, OTHER, 8)
                                    .soft(
                                            451,
                                            "4.3.0",
                                            "451 4.3.0 Temporary server error. Please try again later"),
                            // A producer that only says SOFT
                            reply("soft-type-only", Category.TRANSIENT, OTHER, 10)
                                    .soft(null, null, null),

                            // REPUTATION: this sender is refused; counts, blocks the route, never
                            // suppresses
                            reply("gmail-low-reputation", BounceClass.LOW_REPUTATION, GOOGLE, 25)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.7.1",
                                            "550-5.7.1 ["
                                                    + SENDING_IP
                                                    + "] Gmail has detected that this message is likely"
                                                    + " suspicious due to the very low reputation of the"
                                                    + " sending domain. To best protect our users from"
                                                    + " spam, the message has been blocked. For more"
                                                    + " information, go to"
                                                    + " https://support.google.com/mail/answer/188131"
                                                    + " 98e67ed59e1d1-3c2f8a1b0d7si6602183a91.244 - gsmtp")
                                    .mta(GMAIL_MX),
                            reply("gmail-unsolicited-rate", BounceClass.LOW_REPUTATION, GOOGLE, 10)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.7.1",
                                            "550-5.7.1 ["
                                                    + SENDING_IP
                                                    + " 12] Our system has detected an unusual rate of"
                                                    + " unsolicited mail originating from your IP address."
                                                    + " To protect our users from spam, mail sent from your"
                                                    + " IP address has been blocked. Please visit"
                                                    + " https://support.google.com/mail/?p=UnsolicitedIPError"
                                                    + " to review our Bulk Email Senders Guidelines."
                                                    + " 6a1803df08f44-8b3e9c0a7f1si1187364b6e.63 - gsmtp"),
                            reply("microsoft-block-list", BounceClass.BLOCKLISTED, MICROSOFT, 20)
                                    .at("outlook.com", "hotmail.com", "live.com")
                                    .hard(
                                            550,
                                            "5.7.1",
                                            "550 5.7.1 Unfortunately, messages from ["
                                                    + SENDING_IP
                                                    + "] weren't sent. Please contact your Internet service"
                                                    + " provider since part of their network is on our block"
                                                    + " list (S3150). You can also refer your provider to"
                                                    + " http://mail.live.com/mail/troubleshooting.aspx#errors."
                                                    + " [AM4PEPF00027A5C.eurprd04.prod.outlook.com]")
                                    .mta("outlook-com.olc.protection.outlook.com"),
                            reply("spamhaus-listed", BounceClass.BLOCKLISTED, OTHER, 20)
                                    .hard(
                                            554,
                                            "5.7.1",
                                            "554 5.7.1 Service unavailable; Client host ["
                                                    + SENDING_IP
                                                    + "] blocked using zen.spamhaus.org;"
                                                    + " https://www.spamhaus.org/query/ip/"
                                                    + SENDING_IP),
                            reply("content-filter-spam", BounceClass.SPAM_CONTENT, OTHER, 15)
                                    .hard(
                                            550,
                                            "5.7.1",
                                            "550 5.7.1 Message rejected: detected as spam by our content"
                                                    + " filter (score 8.4)"),
                            reply("yahoo-policy", BounceClass.POLICY, YAHOO, 10)
                                    .at("yahoo.com")
                                    .hard(
                                            554,
                                            "5.7.9",
                                            "554 5.7.9 Message not accepted for policy reasons. See"
                                                    + " https://postmaster.yahooinc.com/error-codes")
                                    .mta("mta5.am0.yahoodns.net"),

                            // THROTTLE: slow down towards that provider; never counts
                            reply("gmail-rate-limited", BounceClass.RATE_LIMITED, GOOGLE, 35)
                                    .at("gmail.com")
                                    .soft(
                                            421,
                                            "4.7.28",
                                            "421-4.7.28 ["
                                                    + SENDING_IP
                                                    + " 15] Gmail has detected an unusual rate of"
                                                    + " unsolicited mail originating from your IP address."
                                                    + " To protect our users from spam, mail sent from your"
                                                    + " IP address has been temporarily rate limited. For"
                                                    + " more information, go to"
                                                    + " https://support.google.com/mail/?p=UnsolicitedRateLimitError"
                                                    + " 41be03b00d2f7-b9a4c2e8f10si2231870a12.188 - gsmtp")
                                    .mta(GMAIL_MX),
                            reply("microsoft-rate-limited", BounceClass.RATE_LIMITED, MICROSOFT, 25)
                                    .at("outlook.com", "hotmail.com", "live.com")
                                    .soft(
                                            451,
                                            "4.7.650",
                                            "451 4.7.650 The mail server ["
                                                    + SENDING_IP
                                                    + "] has been temporarily rate limited due to IP"
                                                    + " reputation. For e-mail delivery information, see"
                                                    + " https://postmaster.live.com"
                                                    + " [DB1PEPF00039231.eurprd03.prod.outlook.com]")
                                    .mta("hotmail-com.olc.protection.outlook.com"),
                            reply("yahoo-deferred", BounceClass.RATE_LIMITED, YAHOO, 20)
                                    .at("yahoo.com")
                                    .soft(
                                            421,
                                            "4.7.0",
                                            "421 4.7.0 [TSS04] Messages from "
                                                    + SENDING_IP
                                                    + " temporarily deferred due to unexpected volume or"
                                                    + " user complaints - 4.16.55.1; see"
                                                    + " https://postmaster.yahooinc.com/error-codes"),
                            reply(
                                            "too-many-connections",
                                            BounceClass.TOO_MANY_CONNECTIONS,
                                            OTHER,
                                            20)
                                    .soft(
                                            421,
                                            "4.7.0",
                                            "421 4.7.0 mx."
                                                    + BounceReply.RECIPIENT_DOMAIN
                                                    + ": Too many concurrent SMTP connections from this IP"
                                                    + " address; please try again later"),

                            // CONFIG: the sender's own setup; counts for the sender's domain
                            reply("gmail-dmarc", BounceClass.DMARC, GOOGLE, 30)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.7.26",
                                            "550-5.7.26 Unauthenticated email from "
                                                    + BounceReply.SENDER_DOMAIN
                                                    + " is not accepted due to domain's DMARC policy."
                                                    + " Please contact the administrator of "
                                                    + BounceReply.SENDER_DOMAIN
                                                    + " domain if this was a legitimate mail. To learn"
                                                    + " about the DMARC initiative, go to"
                                                    + " https://support.google.com/mail/?p=DmarcRejection"
                                                    + " 5614622812f47-3f1a2b9c8d0si4471093b6e.301 - gsmtp")
                                    .mta(GMAIL_MX),
                            reply("gmail-unauthenticated", BounceClass.SPF, GOOGLE, 15)
                                    .at("gmail.com")
                                    .hard(
                                            550,
                                            "5.7.26",
                                            "550-5.7.26 This mail has been blocked because the sender is"
                                                    + " unauthenticated. Gmail requires all senders to"
                                                    + " authenticate with either SPF or DKIM."
                                                    + " Authentication results: DKIM = did not pass SPF ["
                                                    + BounceReply.SENDER_DOMAIN
                                                    + "] with ip: ["
                                                    + SENDING_IP
                                                    + "] = did not pass - gsmtp"),
                            reply("microsoft-dmarc", BounceClass.DMARC, MICROSOFT, 20)
                                    .at("outlook.com", "hotmail.com", "live.com")
                                    .hard(
                                            550,
                                            "5.7.509",
                                            "550 5.7.509 Access denied, sending domain "
                                                    + BounceReply.SENDER_DOMAIN
                                                    + " does not pass DMARC verification and has a DMARC"
                                                    + " policy of reject."
                                                    + " [LO2P265MB5412.GBRP265.PROD.OUTLOOK.COM]")
                                    .mta("outlook-com.olc.protection.outlook.com"),
                            reply("yahoo-unauthenticated", BounceClass.SPF, YAHOO, 10)
                                    .at("yahoo.com")
                                    .hard(
                                            550,
                                            "5.7.9",
                                            "550 5.7.9 This mail has been blocked because the sender is"
                                                    + " unauthenticated. Yahoo requires all senders to"
                                                    + " authenticate with either SPF or DKIM."),
                            reply("dmarc-reject", BounceClass.DMARC, OTHER, 10)
                                    .hard(
                                            550,
                                            "5.7.1",
                                            "550 5.7.1 Email rejected per DMARC policy for "
                                                    + BounceReply.SENDER_DOMAIN),
                            reply("no-reverse-dns", BounceClass.REVERSE_DNS, OTHER, 15)
                                    .soft(
                                            450,
                                            "4.7.25",
                                            "450 4.7.25 Client host rejected: cannot find your hostname, ["
                                                    + SENDING_IP
                                                    + "]"),

                            // IGNORE: no failure at all. Auto-replies recognised by their text come
                            // as raw
                            // messages (email.dsn); as events, only a producer that flags them says
                            // so.
                            reply("relayed-notice", BounceClass.DELIVERY_NOTICE, OTHER, 50)
                                    .untyped(
                                            250,
                                            "2.0.0",
                                            "250 2.0.0 OK: queued as 4dL7Qx2Hm9z3Kp, relayed to mx."
                                                    + BounceReply.RECIPIENT_DOMAIN),
                            reply("flagged-auto-reply", Category.IGNORE, OTHER, 50)
                                    .producer("IGNORE")
                                    .untyped(
                                            null,
                                            null,
                                            "Automatic reply: Out of office until Monday, with limited"
                                                    + " access to email"),

                            // UNKNOWN: nothing to go on; a HARD one counts
                            reply("hard-type-only", Category.UNKNOWN, OTHER, 60)
                                    .hard(null, null, null),
                            reply("bare-permanent-failure", Category.UNKNOWN, OTHER, 40)
                                    .hard(550, "5.0.0", "550 5.0.0 Requested action not taken"))
                    .stream()
                    .map(Builder::build)
                    .toList();

    private BounceReplies() {}

    /** The replies of one category. */
    public static List<BounceReply> of(Category category) {
        return ALL.stream().filter(r -> r.category() == category).toList();
    }

    /** The reply with this id. */
    public static BounceReply byId(String id) {
        return ALL.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no bounce reply " + id));
    }

    /**
     * A reply of those that pass {@code which} and fit a recipient at {@code recipientDomain},
     * chosen by weight; empty when none fits.
     */
    public static Optional<BounceReply> pick(
            Predicate<BounceReply> which, String recipientDomain, Random random) {
        List<BounceReply> fitting = new ArrayList<>();
        int total = 0;
        for (BounceReply r : ALL) {
            if (which.test(r) && r.fits(recipientDomain)) {
                fitting.add(r);
                total += r.weight();
            }
        }
        if (fitting.isEmpty()) {
            return Optional.empty();
        }
        int roll = random.nextInt(total);
        for (BounceReply r : fitting) {
            roll -= r.weight();
            if (roll < 0) {
                return Optional.of(r);
            }
        }
        throw new AssertionError("weights add up to " + total);
    }

    private static Builder reply(
            String id, BounceClass bounceClass, Provider provider, int weight) {
        return new Builder(id, bounceClass.category(), bounceClass, provider, weight);
    }

    /** A reply that only its type or the producer's category classifies. */
    private static Builder reply(String id, Category category, Provider provider, int weight) {
        return new Builder(id, category, BounceClass.UNSPECIFIED, provider, weight);
    }

    private static final class Builder {
        private final String id;
        private final Category category;
        private final BounceClass bounceClass;
        private final Provider provider;
        private final int weight;
        private List<String> domains = List.of();
        private String producerCategory;
        private BounceType type;
        private Integer smtpCode;
        private String enhancedStatus;
        private String diagnostic;
        private String remoteMta;

        Builder(
                String id,
                Category category,
                BounceClass bounceClass,
                Provider provider,
                int weight) {
            this.id = id;
            this.category = category;
            this.bounceClass = bounceClass;
            this.provider = provider;
            this.weight = weight;
        }

        Builder at(String... consumerDomains) {
            this.domains = List.of(consumerDomains);
            return this;
        }

        Builder producer(String category) {
            this.producerCategory = category;
            return this;
        }

        Builder hard(Integer code, String status, String text) {
            return answer(BounceType.HARD, code, status, text);
        }

        Builder soft(Integer code, String status, String text) {
            return answer(BounceType.SOFT, code, status, text);
        }

        Builder untyped(Integer code, String status, String text) {
            return answer(null, code, status, text);
        }

        private Builder answer(BounceType type, Integer code, String status, String text) {
            this.type = type;
            this.smtpCode = code;
            this.enhancedStatus = status;
            this.diagnostic = text;
            return this;
        }

        Builder mta(String host) {
            this.remoteMta = host;
            return this;
        }

        BounceReply build() {
            return new BounceReply(
                    id,
                    category,
                    bounceClass,
                    provider,
                    weight,
                    domains,
                    producerCategory,
                    type,
                    smtpCode,
                    enhancedStatus,
                    diagnostic,
                    remoteMta);
        }
    }
}
