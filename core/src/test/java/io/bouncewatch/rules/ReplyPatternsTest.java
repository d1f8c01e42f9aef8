package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of the reply table, each with a real reply as the servers write it (from the providers'
 * postmaster pages and the MTAs' sources): the row that decides it, and the class it gives.
 */
class ReplyPatternsTest {

    private final BounceClassifier classifier = new BounceClassifier();

    static Stream<Arguments> replies() {
        return Stream.of(
                reply(
                        "google-rate-limited",
                        BounceClass.RATE_LIMITED,
                        "4.7.28",
                        "421-4.7.28 [192.0.2.1] Our system has"
                                + " detected an unusual rate of unsolicited mail originating from your IP address. To protect our"
                                + " users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp"),
                reply(
                        "google-unusual-rate",
                        BounceClass.LOW_REPUTATION,
                        "5.7.1",
                        "550-5.7.1 [192.0.2.1] Our system has"
                                + " detected an unusual rate of unsolicited mail originating from your IP address. To protect our"
                                + " users from spam, mail sent from your IP address has been blocked. - gsmtp"),
                reply(
                        "google-low-reputation",
                        BounceClass.LOW_REPUTATION,
                        "5.7.1",
                        "550-5.7.1 This message is likely"
                                + " suspicious due to the very low reputation of the sending domain. To best protect our users"
                                + " from spam, the message has been blocked. - gsmtp"),
                reply(
                        "google-likely-unsolicited",
                        BounceClass.SPAM_CONTENT,
                        "5.7.1",
                        "550-5.7.1 Our system has detected"
                                + " that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail,"
                                + " this message has been blocked. - gsmtp"),
                reply(
                        "google-unsafe-content",
                        BounceClass.SPAM_CONTENT,
                        "5.7.0",
                        "552-5.7.0 This message was blocked"
                                + " because its content presents a potential security issue. - gsmtp"),
                reply(
                        "google-account-disabled",
                        BounceClass.MAILBOX_DISABLED,
                        "5.2.1",
                        "550-5.2.1 The email account that you tried to reach is disabled. - gsmtp"),
                reply(
                        "google-over-quota",
                        BounceClass.MAILBOX_FULL,
                        "4.2.2",
                        "452-4.2.2 The email account that you tried to reach is over quota. - gsmtp"),
                reply(
                        "google-no-account",
                        BounceClass.USER_UNKNOWN,
                        "5.1.1",
                        "550-5.1.1 The email account that you"
                                + " tried to reach does not exist. Please try double-checking the recipient's email address for"
                                + " typos or unnecessary spaces. - gsmtp"),
                reply(
                        "google-groups-spam",
                        BounceClass.SPAM_CONTENT,
                        null,
                        "Your email to group team@example.com was rejected due to spam classification."),
                reply(
                        "google-groups",
                        BounceClass.POLICY,
                        null,
                        "We're writing to let you know that the group you"
                                + " tried to contact (team) may not exist, or you may not have permission to post messages to"
                                + " the group. Thanks, Google Groups"),
                reply(
                        "google-send-mail-as",
                        BounceClass.SENDER_REJECTED,
                        null,
                        "You're sending this from a different"
                                + " address or alias using the 'Send mail as' feature. The settings for your 'Send mail as'"
                                + " account are misconfigured or out of date."),
                reply(
                        "google-receiving-rate",
                        BounceClass.RATE_LIMITED,
                        "4.2.1",
                        "452-4.2.1 The user you are trying to"
                                + " contact is receiving mail at a rate that prevents additional messages from being delivered."),
                reply(
                        "microsoft-rate-limited",
                        BounceClass.RATE_LIMITED,
                        "4.7.650",
                        "451 4.7.650 The mail server"
                                + " [192.0.2.1] has been temporarily rate limited due to IP reputation."),
                reply(
                        "microsoft-block-list",
                        BounceClass.BLOCKLISTED,
                        "5.7.1",
                        "550 5.7.1 Unfortunately, messages from"
                                + " [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their"
                                + " network is on our block list (S3150)."),
                reply(
                        "microsoft-dmarc",
                        BounceClass.DMARC,
                        "5.7.509",
                        "550 5.7.509 Access denied, sending domain"
                                + " example.com does not pass DMARC verification and has a DMARC policy of reject."),
                reply(
                        "microsoft-authentication",
                        BounceClass.AUTHENTICATION,
                        "5.7.515",
                        "550 5.7.515 Access denied,"
                                + " sending domain example.com doesn't meet the required authentication level."),
                reply(
                        "microsoft-reputation",
                        BounceClass.LOW_REPUTATION,
                        null,
                        "550 SC-001 (BAY004-MC1F41)"
                                + " Unfortunately, messages from 192.0.2.1 weren't sent. Please contact your Internet service"
                                + " provider. You can tell them that Hotmail does not relay dynamically-assigned IP ranges."),
                reply(
                        "microsoft-restricted-recipient",
                        BounceClass.FILTERED,
                        "5.7.133",
                        "550 5.7.133"
                                + " RESOLVER.RST.SenderNotAuthenticatedForGroup; authentication required; Delivery restriction"
                                + " check failed as the sender is not authenticated"),
                reply(
                        "microsoft-provider-rejected",
                        BounceClass.POLICY,
                        null,
                        "Your message wasn't delivered because"
                                + " the recipient's email provider rejected it."),
                reply(
                        "microsoft-no-address",
                        BounceClass.USER_UNKNOWN,
                        null,
                        "The email address you entered couldn't"
                                + " be found. Please check the recipient's email address and try to resend the message."),
                reply(
                        "microsoft-not-in-directory",
                        BounceClass.USER_UNKNOWN,
                        "5.4.1",
                        "550 5.4.1 Recipient address"
                                + " rejected: Access denied. AS(201806281) [DM6NAM11FT066.eop-nam11.prod.protection.outlook.com]"),
                reply(
                        "microsoft-mailbox-unavailable",
                        BounceClass.USER_UNKNOWN,
                        "5.5.0",
                        "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)."),
                reply(
                        "yahoo-permanently-deferred",
                        BounceClass.LOW_REPUTATION,
                        "5.7.9",
                        "554 5.7.9 [TS03] All messages"
                                + " from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed."),
                reply(
                        "yahoo-block-list",
                        BounceClass.BLOCKLISTED,
                        "5.7.1",
                        "553 5.7.1 [BL21] Connections will not"
                                + " be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see"
                                + " https://postmaster.yahooinc.com/error-codes"),
                reply(
                        "yahoo-deferred",
                        BounceClass.RATE_LIMITED,
                        "4.7.0",
                        "421 4.7.0 [TSS04] Messages from 192.0.2.1"
                                + " temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see"
                                + " https://postmaster.yahooinc.com/error-codes"),
                reply(
                        "yahoo-no-account",
                        BounceClass.USER_UNKNOWN,
                        null,
                        "554 delivery error: dd This user doesn't have"
                                + " a yahoo.com account (bob@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com"),
                reply(
                        "aol-no-reverse-dns",
                        BounceClass.REVERSE_DNS,
                        "4.7.1",
                        "421 4.7.1 : (DNS:NR)"
                                + " https://postmaster.aol.com/error-codes#421dnsnr"),
                reply(
                        "aol-blocked",
                        BounceClass.BLOCKLISTED,
                        "5.7.1",
                        "554 5.7.1 : (RTR:BL)"
                                + " https://postmaster.aol.com/error-codes#554rtrbl"),
                reply(
                        "apple-policy",
                        BounceClass.POLICY,
                        "5.7.1",
                        "554 5.7.1 [CS01] Message rejected due to local"
                                + " policy. Please visit https://support.apple.com/en-us/HT204137"),
                reply(
                        "amazon-ses-unverified",
                        BounceClass.RELAYING,
                        null,
                        "554 Message rejected: Email address is not"
                                + " verified. The following identities failed the check in region US-EAST-1: alice@acme.io"),
                reply("kddi-filtered", BounceClass.FILTERED, null, "550 : User unknown"),
                reply(
                        "cpanel-unroutable",
                        BounceClass.DOMAIN_UNKNOWN,
                        null,
                        "The mail server could not deliver"
                                + " mail to bob@example.net. The account or domain may not exist, they may be blacklisted, or"
                                + " missing the proper dns entries."),
                reply(
                        "t-online-block-list",
                        BounceClass.BLOCKLISTED,
                        null,
                        "554 IP=192.0.2.254 - A problem"
                                + " occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.) (BL)"),
                reply(
                        "orange-try-later",
                        BounceClass.SYSTEM_ERROR,
                        "4.2.0",
                        "421 4.2.0 Service refuse. Veuillez"
                                + " essayer plus tard. Service refused, please try later. OFR005_505 [505]"),
                reply(
                        "recipient-account-blocked",
                        BounceClass.MAILBOX_DISABLED,
                        "5.5.0",
                        "550 5.5.0 Le compte du"
                                + " destinataire est bloque. The recipient account is blocked. LPN007_426"),
                reply(
                        "dmarc",
                        BounceClass.DMARC,
                        "5.7.1",
                        "550 5.7.1 Email rejected per DMARC policy for acme.io"),
                reply(
                        "spf",
                        BounceClass.SPF,
                        "5.7.23",
                        "550 5.7.23 SPF validation failed for acme.io"),
                reply(
                        "dkim",
                        BounceClass.DKIM,
                        "5.7.20",
                        "550 5.7.20 No valid DKIM signature found"),
                reply(
                        "authentication",
                        BounceClass.AUTHENTICATION,
                        "5.7.0",
                        "530 5.7.0 Authentication required"),
                reply(
                        "reverse-dns",
                        BounceClass.REVERSE_DNS,
                        "5.7.25",
                        "550-5.7.25 [192.0.2.1] The IP address sending"
                                + " this message does not have a PTR record setup, or the corresponding forward DNS entry does"
                                + " not point to the sending IP."),
                reply(
                        "tls",
                        BounceClass.TLS,
                        "5.7.0",
                        "530 5.7.0 Must issue a STARTTLS command first"),
                reply(
                        "relay-quota",
                        BounceClass.RATE_LIMITED,
                        null,
                        "554 You've reached your daily relay quota"),
                reply(
                        "relaying",
                        BounceClass.RELAYING,
                        "5.7.1",
                        "554 5.7.1 <bob@example.org>: Relay access denied"),
                reply(
                        "message-format",
                        BounceClass.MESSAGE_FORMAT,
                        "5.7.1",
                        "550-5.7.1 Messages missing a valid"
                                + " address in From: header, or having no From: header, are not accepted. - gsmtp"),
                reply(
                        "virus",
                        BounceClass.VIRUS,
                        "5.7.0",
                        "554 5.7.0 Reject, id=12345-01 - INFECTED: Eicar-Test-Signature"),
                reply(
                        "blocklist",
                        BounceClass.BLOCKLISTED,
                        "5.7.1",
                        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org"),
                reply(
                        "low-reputation",
                        BounceClass.LOW_REPUTATION,
                        "5.7.1",
                        "550 5.7.1 Poor reputation of sending IP"),
                reply(
                        "spam",
                        BounceClass.SPAM_CONTENT,
                        "5.7.1",
                        "550 5.7.1 Message rejected as spam by Content Filtering"),
                reply(
                        "too-many-connections",
                        BounceClass.TOO_MANY_CONNECTIONS,
                        "4.7.0",
                        "421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later"),
                reply(
                        "rate-limited",
                        BounceClass.RATE_LIMITED,
                        "4.7.1",
                        "450 4.7.1 Rate limit exceeded, try again later"),
                reply(
                        "greylisted",
                        BounceClass.SYSTEM_ERROR,
                        "4.2.0",
                        "450 4.2.0 <bob@example.org>: Recipient address"
                                + " rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html"),
                reply(
                        "sender-rejected",
                        BounceClass.SENDER_REJECTED,
                        "5.1.0",
                        "550 5.1.0 <alice@acme.io>: Sender address rejected: Domain not found"),
                reply(
                        "sender-status",
                        BounceClass.SENDER_REJECTED,
                        "5.1.7",
                        "553 5.1.7 Bad sender's mailbox address"),
                reply(
                        "sender-status-system",
                        BounceClass.SENDER_REJECTED,
                        "5.1.8",
                        "553 5.1.8 Bad sender's system address"),
                reply(
                        "sender-status-temporary",
                        BounceClass.SENDER_REJECTED,
                        "4.1.8",
                        "451 4.1.8 Bad sender's system address"),
                reply(
                        "filtered",
                        BounceClass.FILTERED,
                        "5.7.1",
                        "550 5.7.1 Message blocked by recipient's filter"),
                reply(
                        "connection-refused",
                        BounceClass.NETWORK_ERROR,
                        "4.4.1",
                        "connect to mx.example.org[192.0.2.9]:25: Connection refused"),
                reply(
                        "policy",
                        BounceClass.POLICY,
                        "5.7.1",
                        "550 5.7.1 Delivery not authorized, message refused"),
                reply(
                        "mailbox-full",
                        BounceClass.MAILBOX_FULL,
                        "5.2.2",
                        "552 5.2.2 <bob@example.org>: Mailbox full"),
                reply(
                        "message-too-large",
                        BounceClass.MESSAGE_TOO_LARGE,
                        "5.3.4",
                        "552 5.3.4 Message size exceeds fixed maximum message size"),
                reply(
                        "refused-after-data",
                        BounceClass.FILTERED,
                        "5.0.0",
                        "550 5.1.1 <bob@example.org>: User unknown (in reply to end of DATA command)"),
                reply(
                        "no-mail-accepted",
                        BounceClass.NO_MAIL_ACCEPTED,
                        "5.1.10",
                        "556 5.1.10 Recipient address has null MX"),
                reply(
                        "name-server-failure",
                        BounceClass.NETWORK_ERROR,
                        "5.4.4",
                        "Name service error for"
                                + " name=example.org type=MX: Malformed or unexpected name server reply"),
                reply(
                        "domain-unknown",
                        BounceClass.DOMAIN_UNKNOWN,
                        "5.4.4",
                        "Host or domain name not found. Name"
                                + " service error for name=example.invalid type=A: Host not found"),
                reply(
                        "domain-unknown",
                        BounceClass.DOMAIN_UNKNOWN,
                        null,
                        "554 <bob@example.org>... 550 Host unknown (Authoritative answer from name server)"),
                reply(
                        "mailbox-disabled",
                        BounceClass.MAILBOX_DISABLED,
                        "5.2.1",
                        "550 5.2.1 Mailbox disabled for this recipient"),
                reply(
                        "moved",
                        BounceClass.MOVED,
                        "5.1.6",
                        "551 5.1.6 User has moved; please try <bob@example.net>"),
                reply(
                        "user-unknown",
                        BounceClass.USER_UNKNOWN,
                        "5.1.1",
                        "550 5.1.1 <bob@example.org>: Recipient address"
                                + " rejected: User unknown in virtual mailbox table"),
                reply(
                        "expired",
                        BounceClass.EXPIRED,
                        "4.4.7",
                        "554 4.4.7 Message expired: unable to deliver in 840 minutes."),
                reply(
                        "network",
                        BounceClass.NETWORK_ERROR,
                        "4.4.1",
                        "connect to mx.example.org[192.0.2.9]:25: Connection timed out"),
                reply(
                        "system",
                        BounceClass.SYSTEM_ERROR,
                        "4.3.0",
                        "451 4.3.0 Internal server error"),
                reply(
                        "address-rejected",
                        BounceClass.USER_UNKNOWN,
                        "5.1.0",
                        "550 #5.1.0 Address rejected."));
    }

    private static Arguments reply(
            String row, BounceClass bounceClass, String status, String diagnostic) {
        return Arguments.of(row, bounceClass, status, diagnostic);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void eachRowReadsItsRealReply(
            String row, BounceClass bounceClass, String status, String diagnostic) {
        Classification c =
                classifier.classify(
                        new BounceFacts(null, diagnostic, status, null, null, null, null, null));

        assertThat(c.matchedBy()).isEqualTo("reply " + row);
        assertThat(c.bounceClass()).isEqualTo(bounceClass);
        assertThat(c.category()).isEqualTo(bounceClass.category());
    }

    /** Words that look like a reason but, in these replies, mean another. */
    static Stream<Arguments> lookalikes() {
        return Stream.of(
                Arguments.of(
                        "4.4.1",
                        "delivery temporarily suspended: connect to mx.example.org[192.0.2.9]:25:"
                                + " Connection timed out",
                        Category.TRANSIENT),
                Arguments.of(
                        null,
                        "delivery temporarily suspended: conversation with mx.example.org timed out",
                        Category.TRANSIENT),
                Arguments.of("5.5.1", "500 5.5.1 Command not recognized", Category.UNKNOWN),
                Arguments.of(
                        "5.7.1",
                        "504 5.7.1 <mail.acme.io>: Helo command rejected: Host not found",
                        Category.CONFIG),
                Arguments.of(
                        "5.7.1",
                        "550 5.7.1 Client host not listed in our allow list",
                        Category.REPUTATION),
                Arguments.of(
                        "4.3.0",
                        "452 4.3.0 Insufficient disk volume, try again later",
                        Category.TRANSIENT),
                Arguments.of(
                        "4.4.1",
                        "Deferred: Connection refused by mx.example.org.",
                        Category.TRANSIENT));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("lookalikes")
    void aLookalikeWordDoesNotDecide(String status, String diagnostic, Category category) {
        Classification c =
                classifier.classify(
                        new BounceFacts(
                                null, diagnostic, status, null, BounceType.HARD, null, null, null));

        assertThat(c.category()).isEqualTo(category);
    }

    @Test
    void everyRowHasItsRealReply() {
        Set<String> tested = new HashSet<>();
        replies().forEach(a -> tested.add((String) a.get()[0]));

        assertThat(tested)
                .containsExactlyInAnyOrderElementsOf(
                        ReplyPatterns.ROWS.stream().map(ReplyPattern::id).toList());
    }

    @Test
    void rowIdsAreUnique() {
        List<String> ids = ReplyPatterns.ROWS.stream().map(ReplyPattern::id).toList();

        assertThat(ids).doesNotHaveDuplicates();
    }
}
