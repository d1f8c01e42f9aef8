package io.bouncewatch.dsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each form of raw message, written as the MTAs write it, read into one report per recipient. */
class BounceMessageParserTest {

    private final BounceMessageParser parser = new BounceMessageParser();
    private final BounceClassifier classifier = new BounceClassifier();

    private static final String DSN =
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.acme.io>
            To: alice@acme.io
            Subject: Undelivered Mail Returned to Sender
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

            --B1
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mx.acme.io.

            <bob@example.org>: host mx.example.org[192.0.2.9] said: 550 5.1.1 <bob@example.org>:
                Recipient address rejected: User unknown (in reply to RCPT TO command)

            --B1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.acme.io
            Arrival-Date: Sun, 22 Nov 2026 10:15:30 +0000

            Final-Recipient: rfc822; bob@example.org
            Original-Recipient: rfc822;bob@example.org
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.example.org
            Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>: Recipient address rejected:
                User unknown

            Final-Recipient: rfc822; carol@gmail.com
            Action: delayed
            Status: 4.7.28
            Diagnostic-Code: smtp; 421-4.7.28 Our system has detected an unusual rate of
                unsolicited mail originating from your IP address. - gsmtp

            Final-Recipient: rfc822; dave@example.net
            Action: delivered
            Status: 2.0.0

            --B1
            Content-Type: message/rfc822

            From: alice@acme.io
            To: bob@example.org, carol@gmail.com, dave@example.net
            Subject: Winter newsletter

            Hello
            --B1--
            """;

    private List<RecipientReport> reports(String message) {
        ParsedMessage parsed = parser.parse(message.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(ParsedMessage.Reports.class);
        return ((ParsedMessage.Reports) parsed).reports();
    }

    /** What tells a message delivered twice from another: the id its reporting server gave it. */
    @Test
    void theReportsCarryTheMessagesOwnMessageIdWhenItHasOne() {
        ParsedMessage.Reports with =
                (ParsedMessage.Reports)
                        parser.parse(
                                ("Message-ID:  <b-1@mx.acme.io> \n" + DSN)
                                        .getBytes(StandardCharsets.UTF_8));
        ParsedMessage.Reports without =
                (ParsedMessage.Reports) parser.parse(DSN.getBytes(StandardCharsets.UTF_8));

        assertThat(with.messageId()).isEqualTo("<b-1@mx.acme.io>");
        assertThat(without.messageId()).isNull();
    }

    @Test
    void aDeliveryStatusReportGivesOneReportPerRecipientWithTheOriginalSenderAsMailbox() {
        List<RecipientReport> reports = reports(DSN);

        assertThat(reports).hasSize(3);
        RecipientReport.Failure bob = (RecipientReport.Failure) reports.get(0);
        assertThat(bob.recipient()).isEqualTo("bob@example.org");
        assertThat(bob.mailbox()).isEqualTo("alice@acme.io");
        assertThat(bob.facts().enhancedStatus()).isEqualTo("5.1.1");
        assertThat(bob.facts().smtpCode()).isEqualTo(550);
        assertThat(bob.facts().type()).isEqualTo(BounceType.HARD);
        assertThat(bob.facts().diagnostic())
                .isEqualTo("550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown");
        assertThat(bob.facts().remoteMta()).isEqualTo("mx.example.org");
        assertThat(bob.classify(classifier).bounceClass()).isEqualTo(BounceClass.USER_UNKNOWN);

        RecipientReport.Failure carol = (RecipientReport.Failure) reports.get(1);
        assertThat(carol.facts().type()).isEqualTo(BounceType.SOFT);
        assertThat(carol.classify(classifier).category()).isEqualTo(Category.THROTTLE);
        assertThat(carol.classify(classifier).provider().wireName()).isEqualTo("google");

        assertThat(reports.get(2))
                .isEqualTo(
                        new RecipientReport.Ignored(
                                "dave@example.net", "alice@acme.io", BounceClass.DELIVERY_NOTICE));
    }

    @Test
    void recipientsWithoutBlankLinesBetweenThemAreStillApart() {
        // AOL writes every field of the report in one block.
        List<RecipientReport> reports =
                reports(
                        """
                From: MAILER-DAEMON@aol.com
                To: alice@acme.io
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="A"

                --A
                Content-Type: message/delivery-status

                Reporting-MTA: dns; omr-m09.mx.aol.com
                Final-Recipient: rfc822; bob@example.org
                Original-Recipient: rfc822;bob@example.org
                Action: failed
                Status: 5.2.2
                Diagnostic-Code: smtp; 550 5.2.2 <bob@example.org>... Mailbox Full
                Final-Recipient: rfc822; carol@example.org
                Original-Recipient: rfc822;carol@example.org
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 <carol@example.org>... User Unknown
                --A--
                """);

        assertThat(reports)
                .extracting(RecipientReport::recipient)
                .containsExactly("bob@example.org", "carol@example.org");
        assertThat(reports)
                .extracting(r -> ((RecipientReport.Failure) r).facts().enhancedStatus())
                .containsExactly("5.2.2", "5.1.1");
    }

    @Test
    void reportFieldsQuotedInTheNoticeAreReadAsAReport() {
        // Amazon WorkMail quotes its "technical report" in the text instead of a delivery-status
        // part.
        List<RecipientReport> reports =
                reports(
                        """
                From: MAILER-DAEMON@us-west-2.amazonses.com
                To: alice@acme.io
                Subject: Delivery Status Notification (Failure)

                An error occurred while trying to deliver the mail to the following recipients:
                bob@example.org

                Technical report:

                Reporting-MTA: dsn; a27-85.smtp-out.us-west-2.amazonses.com

                Action: failed
                Final-Recipient: rfc822; bob@example.org
                Diagnostic-Code: smtp; 550 5.1.1 <bob@example.org>... User Unknown
                Status: 5.1.1
                """);

        assertThat(reports).hasSize(1);
        RecipientReport.Failure bob = (RecipientReport.Failure) reports.get(0);
        assertThat(bob.facts().diagnostic())
                .isEqualTo("550 5.1.1 <bob@example.org>... User Unknown");
        assertThat(bob.facts().enhancedStatus()).isEqualTo("5.1.1");
    }

    @Test
    void aFeedbackReportIsAComplaintAboutTheOriginalRecipient() {
        List<RecipientReport> reports =
                reports(
                        """
                From: feedbackloop@feedback.example.net
                To: fbl@acme.io
                Subject: Abuse Report
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="F"

                --F
                Content-Type: text/plain

                This is an email abuse report.
                --F
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: SomeGenerator/1.0
                Version: 1
                Original-Mail-From: <alice@acme.io>
                Original-Rcpt-To: <bob@example.net>
                --F
                Content-Type: text/rfc822-headers

                From: alice@acme.io
                To: bob@example.net
                Subject: Winter newsletter
                --F--
                """);

        assertThat(reports)
                .containsExactly(
                        new RecipientReport.Complaint("bob@example.net", "alice@acme.io", "abuse"));
        assertThat(reports.get(0).classify(classifier).category()).isEqualTo(Category.COMPLAINT);
    }

    @Test
    void eximsOwnFormGivesEachFailedRecipientItsOwnReply() {
        List<RecipientReport> reports =
                reports(
                        """
                From: Mail Delivery System <Mailer-Daemon@mx.acme.io>
                To: alice@acme.io
                Subject: Mail delivery failed: returning message to sender
                X-Failed-Recipients: bob@example.org, carol@example.org
                Auto-Submitted: auto-replied

                This message was created automatically by mail delivery software.

                A message that you sent could not be delivered to one or more of its
                recipients. This is a permanent error. The following address(es) failed:

                  bob@example.org
                    host mx.example.org [192.0.2.9]
                    SMTP error from remote mail server after RCPT TO:<bob@example.org>:
                    550 5.1.1 <bob@example.org>... User Unknown
                  carol@example.org
                    host mx.example.org [192.0.2.9]
                    SMTP error from remote mail server after RCPT TO:<carol@example.org>:
                    552 5.2.2 <carol@example.org>... Mailbox Full

                ------ This is a copy of the message, including all the headers. ------

                Return-path: <alice@acme.io>
                From: alice@acme.io
                To: bob@example.org, carol@example.org
                """);

        assertThat(reports)
                .extracting(RecipientReport::recipient)
                .containsExactly("bob@example.org", "carol@example.org");
        assertThat(reports)
                .extracting(r -> r.classify(classifier).bounceClass())
                .containsExactly(BounceClass.USER_UNKNOWN, BounceClass.MAILBOX_FULL);
        assertThat(reports).extracting(RecipientReport::mailbox).containsOnly("alice@acme.io");
    }

    @Test
    void qmailsFormIsReadWithoutAFailedRecipientsHeader() {
        List<RecipientReport> reports =
                reports(
                        """
                From: MAILER-DAEMON@mx.acme.io
                To: alice@acme.io
                Subject: failure notice

                Hi. This is the qmail-send program at mx.acme.io.
                I'm afraid I wasn't able to deliver your message to the following addresses.
                This is a permanent error; I've given up. Sorry it didn't work out.

                <bob@example.org>:
                192.0.2.9 does not like recipient.
                Remote host said: 554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org
                Giving up on 192.0.2.9.

                --- Enclosed is a copy of the message.

                From: alice@acme.io
                To: bob@example.org
                """);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).classify(classifier).bounceClass())
                .isEqualTo(BounceClass.BLOCKLISTED);
    }

    @Test
    void aNoticeThatTheProviderWillRetryIsASoftBounce() {
        List<RecipientReport> reports =
                reports(
                        """
                From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
                To: alice@acme.io
                Subject: Delivery Status Notification (Delay)

                ** Delivery incomplete **

                There was a temporary problem delivering your message to bob@example.org. Gmail will retry
                for 47 more hours. You'll be notified if the delivery fails permanently.
                """);

        RecipientReport.Failure bob = (RecipientReport.Failure) reports.get(0);
        assertThat(bob.facts().type()).isEqualTo(BounceType.SOFT);
        assertThat(bob.classify(classifier).category()).isEqualTo(Category.TRANSIENT);
    }

    @Test
    void aBounceIsKnownByItsSubjectInOtherLanguagesToo() {
        for (String subject :
                List.of(
                        "Unzustellbar: Winter newsletter",
                        "Non remis : Winter newsletter",
                        "=?UTF-8?B?44Oh44O844Or44Ko44Op44O86YCa55+l?=")) {
            List<RecipientReport> reports =
                    reports(
                            "From: Exchange <system@mx.example.org>\nTo: alice@acme.io\n"
                                    + "Subject: "
                                    + subject
                                    + "\n\n<bob@example.org>: 550 5.1.1 User unknown\n");

            assertThat(reports)
                    .as(subject)
                    .extracting(RecipientReport::recipient)
                    .containsExactly("bob@example.org");
        }
    }

    @Test
    void exchangesOwnFormGivesTheRecipientAndItsReason() {
        List<RecipientReport> reports =
                reports(
                        """
                From: System Administrator <postmaster@example.org>
                To: alice@acme.io
                Subject: Undeliverable: Winter newsletter

                Your message did not reach some or all of the intended recipients.

                      Subject:	Winter newsletter
                      Sent:	11/22/26 10:15 AM

                The following recipient(s) could not be reached:

                      bob@example.org on 11/22/26 10:15 AM
                            The e-mail account does not exist at the organization this message was sent to.
                            <mx.example.org #5.1.1>
                """);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).classify(classifier).bounceClass())
                .isEqualTo(BounceClass.USER_UNKNOWN);
    }

    @Test
    void sendmailsTranscriptGivesTheRecipientAndTheReply() {
        List<RecipientReport> reports =
                reports(
                        """
                From: Mail Delivery Subsystem <MAILER-DAEMON@mx.acme.io>
                To: alice@acme.io
                Subject: Returned mail: see transcript for details

                The original message was received at Sun, 22 Nov 2026 10:15:30 +0000
                from localhost [127.0.0.1]

                   ----- The following addresses had permanent fatal errors -----
                <bob@example.org>
                    (reason: 552 5.2.2 Mailbox full)

                   ----- Transcript of session follows -----
                ... while talking to mx.example.org.:
                >>> RCPT To:<bob@example.org>
                <<< 552 5.2.2 Mailbox full
                554 5.0.0 Service unavailable

                   ----- Unsent message follows -----
                Return-Path: <alice@acme.io>
                From: alice@acme.io
                To: bob@example.org
                """);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).classify(classifier).bounceClass())
                .isEqualTo(BounceClass.MAILBOX_FULL);
    }

    @Test
    void theBouncesToIsTheMailboxEvenWhenItsEnvelopeHeaderNamesTheFailedRecipient() {
        // DragonFly Mail Agent writes the failed recipient into X-Original-To.
        List<RecipientReport> reports =
                reports(
                        """
                X-Original-To: <bob@example.org>
                From: MAILER-DAEMON <>
                To: alice@acme.io
                Subject: Mail delivery failed

                There was an error delivering your mail to <bob@example.org>.

                mx.example.org [192.0.2.9] did not like our RCPT TO:
                550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown

                Message headers follow.

                Received: from root (uid 0)
                From: <alice@acme.io>
                """);

        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).mailbox()).isEqualTo("alice@acme.io");
    }

    @Test
    void withoutAToTheMailboxIsTheSenderInTheReturnedHeaders() {
        List<RecipientReport> reports = reports(DSN.replace("To: alice@acme.io\n", ""));

        assertThat(reports.get(0).mailbox()).isEqualTo("alice@acme.io");
    }

    @Test
    void anAutoReplyIsIgnoredNamingWhoReplied() {
        List<RecipientReport> reports =
                reports(
                        """
                From: Bob <bob@example.org>
                To: alice@acme.io
                Subject: Automatic reply: Winter newsletter
                Auto-Submitted: auto-replied

                I am out of the office until Monday.
                """);

        assertThat(reports)
                .containsExactly(
                        new RecipientReport.Ignored(
                                "bob@example.org", "alice@acme.io", BounceClass.AUTO_REPLY));
        assertThat(reports.get(0).classify(classifier).category()).isEqualTo(Category.IGNORE);
    }

    @Test
    void autoRepliesAreKnownByTheirSubjectInTheLanguagesTheyAreWrittenIn() {
        for (String subject :
                List.of(
                        "Out of Office: Winter newsletter",
                        "Automatische Antwort: Winter newsletter",
                        "Réponse automatique : Winter newsletter",
                        "Respuesta automática: Winter newsletter",
                        "Auto: Hello")) {
            List<RecipientReport> reports =
                    reports(
                            "From: bob@example.org\nTo: alice@acme.io\nSubject: "
                                    + subject
                                    + "\n\nAway until Monday.\n");

            assertThat(reports)
                    .as(subject)
                    .containsExactly(
                            new RecipientReport.Ignored(
                                    "bob@example.org", "alice@acme.io", BounceClass.AUTO_REPLY));
        }
    }

    @Test
    void anOrdinaryMessageIsNotABounce() {
        List<RecipientReport> reports =
                reports(
                        """
                From: bob@example.org
                To: alice@acme.io
                Subject: Re: Winter newsletter

                Thanks, see you there. Write to carol@example.org too.
                """);

        assertThat(reports)
                .containsExactly(
                        new RecipientReport.Ignored(
                                "bob@example.org", "alice@acme.io", BounceClass.NOT_A_BOUNCE));
    }

    @Test
    void aBounceWhoseBoundaryNeverOccursIsReadFromItsPreamble() {
        List<RecipientReport> reports = reports(DSN.replace("--B1", "--B2"));

        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).classify(classifier).category()).isEqualTo(Category.LIST);
    }

    @Test
    void aBounceForwardedAsTextIsReadAsTheBounceItQuotes() {
        List<RecipientReport> reports =
                reports(
                        """
                From: MAILER-DAEMON@relay.acme.io
                To: alice@acme.io
                Subject: Undelivered Mail Returned to Sender

                The following is the error message.
                ---------------------------------
                Return-Path: <>
                From: MAILER-DAEMON@mx.acme.io
                To: postmaster
                Subject: Undelivered Mail Returned to Sender

                <bob@example.org>: host mx.example.org[192.0.2.9] said: 550 5.7.1 Message rejected as spam
                """);

        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).recipient()).isEqualTo("bob@example.org");
        assertThat(reports.get(0).mailbox()).isEqualTo("alice@acme.io");
        assertThat(reports.get(0).classify(classifier).bounceClass())
                .isEqualTo(BounceClass.SPAM_CONTENT);
    }

    @Test
    void anAmazonSesNotificationByEmailGivesItsBouncedRecipients() {
        List<RecipientReport> reports =
                reports(
                        """
                From: SES <no-reply@sns.amazonaws.com>
                To: alice@acme.io
                Subject: AWS Notification Message

                {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[
                {"emailAddress":"bob@example.org","action":"failed","status":"5.1.1",
                "diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},"mail":{"source":"alice@acme.io"}}
                --
                If you wish to stop receiving notifications from this topic, please click below.
                """);

        assertThat(reports).hasSize(1);
        RecipientReport.Failure bob = (RecipientReport.Failure) reports.get(0);
        assertThat(bob.recipient()).isEqualTo("bob@example.org");
        assertThat(bob.mailbox()).isEqualTo("alice@acme.io");
        assertThat(bob.classify(classifier).bounceClass()).isEqualTo(BounceClass.USER_UNKNOWN);
    }

    @Test
    void aMessageLargerThanTheLimitIsRejectedUnreadNamingBothSizes() {
        byte[] message = DSN.getBytes(StandardCharsets.UTF_8);

        assertThat(new BounceMessageParser(message.length).parse(message))
                .isInstanceOf(ParsedMessage.Reports.class);
        assertThat(new BounceMessageParser(message.length - 1).parse(message))
                .isEqualTo(
                        new ParsedMessage.Rejected(
                                "message of "
                                        + message.length
                                        + " bytes is larger than the limit of "
                                        + (message.length - 1)
                                        + " bytes"));
    }

    @Test
    void whatIsNoMailMessageIsRejectedWithTheReason() {
        assertThat(parser.parse(new byte[0]))
                .isEqualTo(new ParsedMessage.Rejected("empty message"));
        assertThat(parser.parse(null)).isEqualTo(new ParsedMessage.Rejected("empty message"));
        assertThat(
                        parser.parse(
                                "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\"}"
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(
                        new ParsedMessage.Rejected(
                                "not a mail message: no From, To, Subject or Content-Type header"));
    }

    @Test
    void noBytesMakeTheParserThrow() {
        Random random = new Random(14);
        byte[] dsn = DSN.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 500; i++) {
            byte[] bytes = i % 2 == 0 ? new byte[random.nextInt(2_000)] : dsn.clone();
            if (i % 2 == 0) {
                random.nextBytes(bytes);
            } else {
                for (int flips = 0; flips < 20; flips++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }

            ParsedMessage parsed = parser.parse(bytes);

            assertThat(parsed).isNotNull();
            if (parsed instanceof ParsedMessage.Reports reports) {
                reports.reports().forEach(r -> assertThat(r.classify(classifier)).isNotNull());
            }
        }
    }

    @Test
    void deepNestingIsRejectedNotFollowed() {
        StringBuilder message = new StringBuilder("From: a@acme.io\nSubject: x\n");
        for (int i = 0; i < 40; i++) {
            message.append("Content-Type: multipart/mixed; boundary=\"b")
                    .append(i)
                    .append("\"\n\n--b")
                    .append(i)
                    .append('\n');
        }
        message.append("Content-Type: text/plain\n\nhello\n");

        ParsedMessage parsed = parser.parse(message.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(parsed)
                .isEqualTo(
                        new ParsedMessage.Rejected(
                                "unreadable MIME message: Maximum nesting depth limit (16) exceeded"));
    }

    @Test
    void hostileTextIsReadInBoundedWork() {
        // Runs that would make naive patterns retry at every position or recurse once per label: an
        // address without its @, tags without their >, a domain of endless labels, a status that
        // never ends.
        String bounceHead =
                "From: MAILER-DAEMON@mx.acme.io\nTo: alice@acme.io\nSubject: failure notice\n";
        int size = BounceMessageParser.DEFAULT_MAX_BYTES - 200;

        assertThat(reports(bounceHead + "\n" + "a".repeat(size)))
                .containsExactly(
                        new RecipientReport.Ignored(
                                "mailer-daemon@mx.acme.io",
                                "alice@acme.io",
                                BounceClass.NOT_A_BOUNCE));
        assertThat(reports(bounceHead + "Content-Type: text/html\n\n" + "<".repeat(size)))
                .containsExactly(
                        new RecipientReport.Ignored(
                                "mailer-daemon@mx.acme.io",
                                "alice@acme.io",
                                BounceClass.NOT_A_BOUNCE));
        List<RecipientReport> longDomain =
                reports(bounceHead + "\n<bob@" + "a.".repeat(size / 2) + "org>: 550\n");
        assertThat(longDomain).hasSize(1).first().isInstanceOf(RecipientReport.Failure.class);
        List<RecipientReport> status =
                reports(bounceHead + "\n<bob@example.org>: 550 5" + ".1".repeat(size / 2));
        assertThat(status)
                .extracting(RecipientReport::recipient)
                .containsExactly("bob@example.org");
        assertThat(status.get(0).classify(classifier).category()).isEqualTo(Category.UNKNOWN);
    }

    @Test
    void aReportReadsAtMostAThousandRecipients() {
        StringBuilder message =
                new StringBuilder(
                        """
                From: MAILER-DAEMON@mx.acme.io
                To: alice@acme.io
                Subject: Undelivered Mail Returned to Sender
                Content-Type: multipart/report; report-type=delivery-status; boundary="M"

                --M
                Content-Type: message/delivery-status

                """);
        for (int i = 0; i < 3_000; i++) {
            message.append("Final-Recipient: rfc822; r")
                    .append(i)
                    .append("@example.org\nAction: failed\nStatus: 5.1.1\n\n");
        }
        message.append("--M--\n");

        List<RecipientReport> reports = reports(message.toString());

        assertThat(reports).hasSize(NoticeText.MAX_RECIPIENTS);
        assertThat(reports.get(999).recipient()).isEqualTo("r999@example.org");
    }

    @Test
    void aCharsetJavaDoesNotKnowIsReadByteForByte() {
        List<RecipientReport> reports =
                reports(
                        """
                From: MAILER-DAEMON@mx.acme.io
                To: alice@acme.io
                Subject: failure notice
                Content-Type: text/plain; charset="x-no-such-charset"

                <bob@example.org>:
                Remote host said: 550 5.1.1 <bob@example.org>: User unknown
                """);

        assertThat(reports)
                .extracting(RecipientReport::recipient)
                .containsExactly("bob@example.org");
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new BounceMessageParser(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be positive, not 0");
    }
}
