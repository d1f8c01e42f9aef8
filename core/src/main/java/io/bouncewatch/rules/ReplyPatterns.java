package io.bouncewatch.rules;

import static io.bouncewatch.rules.BounceClass.AUTHENTICATION;
import static io.bouncewatch.rules.BounceClass.BLOCKLISTED;
import static io.bouncewatch.rules.BounceClass.DKIM;
import static io.bouncewatch.rules.BounceClass.DMARC;
import static io.bouncewatch.rules.BounceClass.DOMAIN_UNKNOWN;
import static io.bouncewatch.rules.BounceClass.EXPIRED;
import static io.bouncewatch.rules.BounceClass.FILTERED;
import static io.bouncewatch.rules.BounceClass.LOW_REPUTATION;
import static io.bouncewatch.rules.BounceClass.MAILBOX_DISABLED;
import static io.bouncewatch.rules.BounceClass.MAILBOX_FULL;
import static io.bouncewatch.rules.BounceClass.MESSAGE_FORMAT;
import static io.bouncewatch.rules.BounceClass.MESSAGE_TOO_LARGE;
import static io.bouncewatch.rules.BounceClass.MOVED;
import static io.bouncewatch.rules.BounceClass.NETWORK_ERROR;
import static io.bouncewatch.rules.BounceClass.NO_MAIL_ACCEPTED;
import static io.bouncewatch.rules.BounceClass.POLICY;
import static io.bouncewatch.rules.BounceClass.RATE_LIMITED;
import static io.bouncewatch.rules.BounceClass.RELAYING;
import static io.bouncewatch.rules.BounceClass.REVERSE_DNS;
import static io.bouncewatch.rules.BounceClass.SENDER_REJECTED;
import static io.bouncewatch.rules.BounceClass.SPAM_CONTENT;
import static io.bouncewatch.rules.BounceClass.SPF;
import static io.bouncewatch.rules.BounceClass.SYSTEM_ERROR;
import static io.bouncewatch.rules.BounceClass.TLS;
import static io.bouncewatch.rules.BounceClass.TOO_MANY_CONNECTIONS;
import static io.bouncewatch.rules.BounceClass.USER_UNKNOWN;
import static io.bouncewatch.rules.BounceClass.VIRUS;

import java.util.List;

/**
 * What remote servers' replies mean, first match wins. The order is the point of the table:
 *
 * <ol>
 *   <li>replies only one provider writes, from its postmaster documentation (Gmail's {@code
 *       4.7.28}, Microsoft's {@code 4.7.650} and {@code S3150}, Yahoo's {@code TSS04}, ...);
 *   <li>the sender's own setup (authentication, reverse DNS, TLS, relaying, form), because a reply
 *       about it often also says "blocked" or "rejected";
 *   <li>reputation and spam, throttling, refusals of the sender, filters and policy: all before any
 *       reading of the reply as an unknown recipient, because calling a block {@code LIST} would
 *       suppress a good recipient for ever, the costliest mistake;
 *   <li>a full mailbox or an oversized message (the text beats the codes: a {@code 550 5.1.1} that
 *       says the mailbox is full is a full mailbox), and refusals at the end of the data;
 *   <li>what the recipient's address is ({@code LIST}), then the transient conditions, and last a
 *       bare "address rejected" under a permanent status.
 * </ol>
 *
 * Phrases are lower case and matched in text without addresses or link paths ({@link ReplyText}).
 */
public final class ReplyPatterns {

    /** The rows in the order they are tried. */
    public static final List<ReplyPattern> ROWS =
            List.of(
                    // Google (support.google.com/mail/answer/3726730)
                    status("google-rate-limited", RATE_LIMITED, "4.7.28"),
                    row("google-unusual-rate", LOW_REPUTATION, "unusual rate of unsolicited mail"),
                    row(
                            "google-low-reputation",
                            LOW_REPUTATION,
                            "low reputation of the sending",
                            "very low reputation"),
                    row(
                            "google-likely-unsolicited",
                            SPAM_CONTENT,
                            "likely unsolicited mail",
                            "likely suspicious due to"),
                    row(
                            "google-unsafe-content",
                            SPAM_CONTENT,
                            "potential security issue",
                            "blocked this message because"),
                    row(
                            "google-account-disabled",
                            MAILBOX_DISABLED,
                            "account that you tried to reach is disabled",
                            "account that you tried to reach has been disabled",
                            "account that you tried to reach is inactive"),
                    row(
                            "google-over-quota",
                            MAILBOX_FULL,
                            "account that you tried to reach is over quota",
                            "out of storage space"),
                    row(
                            "google-no-account",
                            USER_UNKNOWN,
                            "account that you tried to reach does not exist",
                            "weren't able to find the recipient domain",
                            "address couldn't be found",
                            "** address not found **"),
                    row("google-groups-spam", SPAM_CONTENT, "rejected due to spam classification"),
                    row("google-groups", POLICY, "google groups"),
                    row("google-send-mail-as", SENDER_REJECTED, "'send mail as'"),
                    row(
                            "google-receiving-rate",
                            RATE_LIMITED,
                            "receiving mail at a rate that prevents",
                            "receiving mail too quickly"),
                    // Microsoft (learn.microsoft.com, "NDRs in Exchange Online";
                    // sendersupport.olc.protection.outlook.com)
                    row(
                            "microsoft-rate-limited",
                            RATE_LIMITED,
                            "4.7.650",
                            "temporarily rate limited due to ip reputation",
                            "4.7.500 server busy",
                            "server busy. please try again later from"),
                    row(
                            "microsoft-block-list",
                            BLOCKLISTED,
                            "(s3150)",
                            "(s3140)",
                            "(s3113)",
                            "(s3114)",
                            "(s3115)",
                            "(s3116)",
                            "(s3117)",
                            "(s3118)",
                            "(s775)",
                            "on our block list",
                            "banned sending ip"),
                    status("microsoft-dmarc", DMARC, "5.7.509"),
                    status("microsoft-authentication", AUTHENTICATION, "5.7.515"),
                    row(
                            "microsoft-reputation",
                            LOW_REPUTATION,
                            "sc-001",
                            "sc-002",
                            "sc-003",
                            "sc-004",
                            "dy-001",
                            "dy-002",
                            "ou-001",
                            "ou-002",
                            "5.7.708",
                            "traffic not accepted from this ip",
                            "5.7.705",
                            "5.7.750"),
                    // The recipient (a group or a mailbox) accepts only some senders: its
                    // restriction, not the sender's setup
                    row(
                            "microsoft-restricted-recipient",
                            FILTERED,
                            "notauthenticatedfor",
                            "not authenticated for group",
                            "allowed-senders",
                            "allowed senders list",
                            "rst.notauthorized",
                            "delivery to this address is restricted"),
                    row("microsoft-provider-rejected", POLICY, "email provider rejected it"),
                    row(
                            "microsoft-no-address",
                            USER_UNKNOWN,
                            "address you entered couldn't be found"),
                    // Exchange Online's directory-based edge blocking: the recipient is not in the
                    // tenant's directory
                    new ReplyPattern(
                            "microsoft-not-in-directory",
                            USER_UNKNOWN,
                            "5.4.1",
                            List.of("recipient address rejected: access denied")),
                    row(
                            "microsoft-mailbox-unavailable",
                            USER_UNKNOWN,
                            "5.5.0 requested action not taken: mailbox unavailable"),
                    // Yahoo and AOL (senders.yahooinc.com/smtp-error-codes)
                    row(
                            "yahoo-permanently-deferred",
                            LOW_REPUTATION,
                            "[ts03]",
                            "permanently deferred"),
                    row("yahoo-block-list", BLOCKLISTED, "[bl21]", "[bl22]", "[bl23]"),
                    row(
                            "yahoo-deferred",
                            RATE_LIMITED,
                            "[tss04]",
                            "[tss09]",
                            "[tss11]",
                            "[ts01]",
                            "[ts02]",
                            "[gl01]",
                            "temporarily deferred due to unexpected volume",
                            "max message per connection",
                            "messages per connection"),
                    row(
                            "yahoo-no-account",
                            USER_UNKNOWN,
                            "doesn't have a yahoo",
                            "does not have a yahoo",
                            "this user doesn't have a"),
                    // AOL (now Yahoo): its RTR, HVU and DYN codes reject the sending IP, DNS:NR its
                    // missing reverse DNS
                    row("aol-no-reverse-dns", REVERSE_DNS, "(dns:nr)"),
                    row("aol-blocked", BLOCKLISTED, "(rtr:", "(hvu:", "(dyn:"),
                    // Apple iCloud (support.apple.com/102322)
                    row("apple-policy", POLICY, "[cs01]", "[hm08]", "[hm07]"),
                    // Amazon SES: the sending identity is not verified in the sender's own account
                    row(
                            "amazon-ses-unverified",
                            RELAYING,
                            "address is not verified",
                            "identities failed the check"),
                    // au by KDDI (ezweb.ne.jp) refuses mail its user's filter rejects as "550 :
                    // User unknown", without the address it gives a recipient that really does not
                    // exist
                    row("kddi-filtered", FILTERED, " 550 : user unknown"),
                    // cPanel's Exim when the recipient's domain cannot be routed (its text also
                    // guesses at blacklists)
                    row("cpanel-unroutable", DOMAIN_UNKNOWN, "missing the proper dns entries"),
                    // Deutsche Telekom (T-Online) marks a rejection by its block list "(BL)"
                    row(
                            "t-online-block-list",
                            BLOCKLISTED,
                            "ask your postmaster for help or to contact"),
                    // Orange's OFR005: service refused for now, try later
                    row("orange-try-later", SYSTEM_ERROR, "ofr005"),
                    // La Poste and Orange: the recipient's account, not the sender, is blocked
                    row(
                            "recipient-account-blocked",
                            MAILBOX_DISABLED,
                            "recipient account is blocked"),

                    // The sender's own setup
                    row("dmarc", DMARC, "dmarc"),
                    row("spf", SPF, " spf", "spf ", "sender policy framework"),
                    row("dkim", DKIM, "dkim", "domainkeys", "domain keys"),
                    row(
                            "authentication",
                            AUTHENTICATION,
                            "unauthenticated",
                            "not authenticated",
                            "authentication required",
                            "authentication failed",
                            "failed authentication",
                            "authentication checks",
                            "must authenticate",
                            "invalid credentials"),
                    row(
                            "reverse-dns",
                            REVERSE_DNS,
                            "reverse dns",
                            "reverse-dns",
                            "reverse lookup",
                            "reverse hostname",
                            "rdns",
                            "ptr record",
                            "ptr lookup",
                            "no ptr",
                            "cannot find your hostname",
                            "hostname lookup failed",
                            "unverifiable sending ip",
                            "unverifyable sending ip",
                            "mismatches client ip",
                            "name lookup failed",
                            "helo command rejected",
                            "invalid helo",
                            "bad helo",
                            "helo name"),
                    row(
                            "tls",
                            TLS,
                            "starttls",
                            " tls ",
                            " tls:",
                            "tls required",
                            "tls negotiation",
                            "encryption required",
                            "requires encryption",
                            " ssl "),
                    // A relay's quota is a rate limit, not a relaying problem
                    row(
                            "relay-quota",
                            RATE_LIMITED,
                            "relay quota",
                            "sending quota",
                            "sending limit",
                            "daily limit",
                            "daily quota",
                            "hourly limit"),
                    row(
                            "relaying",
                            RELAYING,
                            "relay access denied",
                            "relaying denied",
                            "relay not permitted",
                            "relaying not permitted",
                            "not permitted to relay",
                            "unable to relay",
                            "relaying not allowed",
                            "relay denied",
                            "we do not relay",
                            "no relaying",
                            "relay prohibited",
                            "not allowed to relay",
                            "cannot relay",
                            "relaying disallowed",
                            "relay not allowed",
                            "not a gateway",
                            "configured to relay",
                            "allowed rcpthosts"),
                    row(
                            "message-format",
                            MESSAGE_FORMAT,
                            "rfc 5322",
                            "rfc5322",
                            "rfc 2822",
                            "rfc2822",
                            "rfc 822",
                            "not rfc compliant",
                            "malformed address",
                            "malformed header",
                            "malformed message",
                            "syntax error",
                            "invalid header",
                            "missing required header",
                            "header missing",
                            "duplicate header",
                            "bare lf",
                            "bare linefeed",
                            "missing message-id",
                            "no message-id",
                            "missing a valid address in from",
                            "improper use of 8-bit",
                            "incorrectly constructed",
                            "from: header",
                            "from header",
                            "improper sequence",
                            "bad sequence of commands",
                            "unbalanced",
                            "message is malformed",
                            "invalid mime",
                            "bare newline"),

                    // Reputation, spam, policy: the receiver refused this sender or this message
                    row("virus", VIRUS, "virus", "malware", "infected", "malicious"),
                    row(
                            "blocklist",
                            BLOCKLISTED,
                            "blocked using",
                            "blacklist",
                            "blocklist",
                            "block list",
                            "black list",
                            "denylist",
                            "dnsbl",
                            " rbl",
                            "rbl ",
                            "spamhaus",
                            "spamcop",
                            "sorbs",
                            "abuseat",
                            "barracudacentral",
                            "uceprotect",
                            "mailspike",
                            "psbl",
                            "listed at",
                            "listed on",
                            "listed by",
                            "is listed",
                            "banned"),
                    row(
                            "low-reputation",
                            LOW_REPUTATION,
                            "reputation",
                            "unwanted messages",
                            "unsolicited",
                            "sender score",
                            "senderscore"),
                    row(
                            "spam",
                            SPAM_CONTENT,
                            "spam",
                            "junk mail",
                            "bulk mail",
                            "phish",
                            "content rejected",
                            "message content",
                            "suspicious",
                            "content restriction",
                            "prohibited content",
                            "unacceptable content",
                            "illegal attachment"),
                    // Throttling
                    row(
                            "too-many-connections",
                            TOO_MANY_CONNECTIONS,
                            "too many connections",
                            "too many concurrent",
                            "too many simultaneous",
                            "connection limit",
                            "too many sessions",
                            "too many smtp sessions",
                            "max connections",
                            "maximum connections",
                            "connection rate",
                            "too many open connections"),
                    row(
                            "rate-limited",
                            RATE_LIMITED,
                            "rate limit",
                            "rate-limit",
                            "ratelimit",
                            "too many messages",
                            "too many emails",
                            "too many mails",
                            "too many recipients",
                            "sending rate",
                            "throttl",
                            "deferred due to",
                            "unexpected volume",
                            "high volume",
                            "excessive volume",
                            "volume of mail",
                            "slow down",
                            "frequency"),
                    row(
                            "greylisted",
                            SYSTEM_ERROR,
                            "greylist",
                            "graylist",
                            "grey-list",
                            "gray-list"),

                    // Refusals of the sender, and the statuses that name it, before the reply can
                    // be read as the recipient's
                    row(
                            "sender-rejected",
                            SENDER_REJECTED,
                            "sender address rejected",
                            "sender rejected",
                            "unroutable sender",
                            "sender domain",
                            "sender verify failed",
                            "sender verification",
                            "invalid sender",
                            "sender unknown",
                            "unknown sender",
                            "domain of sender",
                            "sender is not",
                            "after mail from",
                            "sender address is",
                            "valid from",
                            "sender was rejected"),
                    status("sender-status", SENDER_REJECTED, "5.1.7"),
                    status("sender-status-system", SENDER_REJECTED, "5.1.8"),
                    status("sender-status-temporary", SENDER_REJECTED, "4.1.8"),
                    // Refusals by the receiver's filters and policy
                    row(
                            "filtered",
                            FILTERED,
                            "filtered",
                            "filter",
                            "blocked by recipient",
                            "not authorized to receive",
                            "sender blocked",
                            "rejected by recipient",
                            "recipient has blocked",
                            "does not accept mail from"),
                    // Before "refused": a closed port is the network, not the receiver's judgement
                    row("connection-refused", NETWORK_ERROR, "connection refused"),
                    row(
                            "policy",
                            POLICY,
                            "policy",
                            "not allowed",
                            "access denied",
                            "administratively prohibited",
                            "prohibited",
                            "refused",
                            "not authorized",
                            "not permitted",
                            "denied",
                            "message rejected",
                            "mail rejected",
                            "rejected due to",
                            "blocked",
                            "use the smtp server of your isp",
                            "client host rejected",
                            "not accepting connections",
                            "remote protocol error"),

                    // The mailbox and the message, before the recipient's address: the text beats
                    // the codes
                    row(
                            "mailbox-full",
                            MAILBOX_FULL,
                            "mailbox full",
                            "mailbox is full",
                            "over quota",
                            "quota exceeded",
                            "exceeded quota",
                            "exceeds quota",
                            "quota exceed",
                            "storage quota",
                            "exceeded storage",
                            "out of storage",
                            "mailbox exceeds",
                            "mailbox size",
                            "too much mail",
                            "box full",
                            "disk quota",
                            "mail quota",
                            "inbox is full",
                            "full mailbox",
                            "not enough space",
                            "no space left"),
                    row(
                            "message-too-large",
                            MESSAGE_TOO_LARGE,
                            "message too large",
                            "message is too large",
                            "too big",
                            "size limit",
                            "message size",
                            "exceeds the maximum",
                            "maximum message size",
                            "message length exceeds",
                            "size exceeds",
                            "message exceeds",
                            "too large",
                            "line limit"),
                    // A refusal at the end of the data is one of the message, whatever it says of
                    // the address
                    row(
                            "refused-after-data",
                            FILTERED,
                            "after end of data",
                            "after data",
                            "our final data",
                            "in reply to end of data command",
                            "for text command",
                            "smtp command data"),

                    // The recipient's address
                    row(
                            "no-mail-accepted",
                            NO_MAIL_ACCEPTED,
                            "indicated no smtp service",
                            "null mx",
                            "does not accept mail",
                            "doesn't receive email",
                            "accepts no mail",
                            "not accepting network messages",
                            "no mail service"),
                    row(
                            "name-server-failure",
                            NETWORK_ERROR,
                            "unexpected name server reply",
                            "name server timeout"),
                    row(
                            "domain-unknown",
                            DOMAIN_UNKNOWN,
                            "host or domain name not found",
                            "domain not found",
                            "domain does not exist",
                            "no such domain",
                            "unrouteable address",
                            "unroutable address",
                            "host not found",
                            "name service error",
                            "domain name not found",
                            "nxdomain",
                            "dns lookup failure",
                            "domain lookup failed",
                            "no mx record",
                            "mx lookup",
                            "couldn't find any host",
                            "couldn't find a mail exchanger",
                            "non-existent host",
                            "authoritative answer from name server"),
                    row(
                            "mailbox-disabled",
                            MAILBOX_DISABLED,
                            "account disabled",
                            "account is disabled",
                            "account has been disabled",
                            "mailbox disabled",
                            "mailbox is disabled",
                            "mailbox has been disabled",
                            "disabled recipient",
                            "user disabled",
                            "account suspended",
                            "account has been suspended",
                            "account is suspended",
                            "mailbox suspended",
                            "mailbox is suspended",
                            "suspended account",
                            "inactive",
                            "deactivated",
                            "account closed",
                            "mailbox closed",
                            "discontinued",
                            "no longer active",
                            "account expired",
                            "account is locked",
                            " locked"),
                    row(
                            "moved",
                            MOVED,
                            "has moved",
                            "user not local",
                            "no longer at this",
                            "moved to",
                            "forwarding address"),
                    row(
                            "user-unknown",
                            USER_UNKNOWN,
                            "user unknown",
                            "unknown user",
                            "no such user",
                            "user not found",
                            "recipient not found",
                            "unknown recipient",
                            "recipient unknown",
                            "no such recipient",
                            "invalid recipient",
                            "recipient invalid",
                            "not a valid recipient",
                            "no mailbox here",
                            "mailbox not found",
                            "no such mailbox",
                            "mailbox does not exist",
                            "does not exist",
                            "doesn't exist",
                            "not listed in public name",
                            "not listed in the address book",
                            "not listed in domino directory",
                            "name is not recognized",
                            "recipient not recognized",
                            "address not recognized",
                            "unknown local part",
                            "invalid mailbox",
                            "bad destination mailbox",
                            "undeliverable address",
                            "no longer valid",
                            "address unknown",
                            "unknown address",
                            "addressee unknown",
                            "not our customer",
                            "no account",
                            "invalid address",
                            "user not exist",
                            "unknown or illegal alias",
                            "recipnotfound"),

                    // Transient conditions
                    row(
                            "expired",
                            EXPIRED,
                            "expired",
                            "retry timeout exceeded",
                            "delivery time",
                            "could not deliver for the last",
                            "too long in queue",
                            "in the queue too long",
                            "been in the queue",
                            "retry time",
                            "delivery attempts",
                            "has been delayed",
                            "not yet been delivered",
                            "not delivered within",
                            " attempts: ",
                            "cannot send message for",
                            "could not send message for",
                            "could not be delivered for",
                            "aborted after"),
                    row(
                            "network",
                            NETWORK_ERROR,
                            "timed out",
                            "timeout",
                            "connection reset",
                            "socket error",
                            "network error",
                            "no route to host",
                            "host unreachable",
                            "network is unreachable",
                            "could not connect",
                            "couldn't connect",
                            "unable to connect",
                            "requests to connect",
                            "lost connection",
                            "connection lost",
                            "connection closed",
                            "conversation with",
                            "not responding",
                            "wasn't able to establish"),
                    row(
                            "system",
                            SYSTEM_ERROR,
                            "internal error",
                            "system error",
                            "server error",
                            "temporary failure",
                            "temporarily unavailable",
                            "try again later",
                            "please try again",
                            "local error",
                            "server busy",
                            "service unavailable",
                            "service not available",
                            "currently unavailable",
                            "insufficient system storage",
                            "out of memory",
                            "mail loop",
                            "routing loop",
                            "too many hops",
                            "hop count",
                            "loops back",
                            "mailer error",
                            "pipe to",
                            "failed to read",
                            "processing error",
                            "duplicated message-id",
                            "transaction failed",
                            "looping",
                            "points back",
                            "configuration error",
                            "insufficient disk space",
                            "temporary system problem",
                            "temporarily rejected",
                            "temporary problem"),

                    // Last, as what remains of "Recipient address rejected" once no row above
                    // explains why
                    new ReplyPattern(
                            "address-rejected", USER_UNKNOWN, "5.", List.of("address rejected")));

    private ReplyPatterns() {}

    private static ReplyPattern row(String id, BounceClass bounceClass, String... phrases) {
        return new ReplyPattern(id, bounceClass, null, List.of(phrases));
    }

    /**
     * A row decided by the enhanced status alone, for codes only one provider gives this meaning.
     */
    private static ReplyPattern status(String id, BounceClass bounceClass, String statusPrefix) {
        return new ReplyPattern(id, bounceClass, statusPrefix, List.of());
    }
}
