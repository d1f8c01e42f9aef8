package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Raw messages on email.dsn, real ones from the Sisimai corpus, through the whole topology: one
 * event per recipient report against the right mailbox, each counted once, and a dead letter with
 * the reason for what cannot be counted.
 */
class RawMessageInputTest {

    /** Postfix: two recipients refused as unknown users, returned to kijitora@example.jp. */
    private static final String TWO_FAILED = "lhost-postfix-02.eml";

    /** A feedback report about seven recipients of a message from neko@example.jp. */
    private static final String SEVEN_COMPLAINTS = "arf-16.eml";

    /** Exchange's out-of-office reply to kijitora@example.com. */
    private static final String AUTO_REPLY = "rfc3834-02.eml";

    private static byte[] corpus(String file) {
        try (InputStream in =
                RawMessageInputTest.class.getResourceAsStream("/corpus/sisimai/eml/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no corpus message " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The latest mailbox.status of each mailbox. */
    private static Map<String, JsonNode> latest(List<JsonNode> statuses) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        statuses.forEach(s -> out.put(s.get("mailbox").asText(), s));
        return out;
    }

    @Test
    void aBounceWithTwoFailedRecipientsCountsTwoBouncesAgainstTheSenderItReturnsTo() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", null, corpus(TWO_FAILED));

            Map<String, JsonNode> status = latest(h.mailboxStatus());
            assertThat(status).containsOnlyKeys("kijitora@example.jp");
            JsonNode mailbox = status.get("kijitora@example.jp");
            assertThat(mailbox.get("totalBounces").asLong()).isEqualTo(2);
            assertThat(mailbox.get("windowBounces").asDouble()).isEqualTo(2.0);
            assertThat(h.deadLetters()).isEmpty();
        }
    }

    @Test
    void theSameMessageDeliveredTwiceIsCountedOnce() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", null, corpus(TWO_FAILED));
            h.raw("dsn", null, corpus(TWO_FAILED));

            assertThat(
                            latest(h.mailboxStatus())
                                    .get("kijitora@example.jp")
                                    .get("totalBounces")
                                    .asLong())
                    .isEqualTo(2);
        }
    }

    @Test
    void aFeedbackReportCountsOneComplaintPerRecipientAgainstTheOriginalSender() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", null, corpus(SEVEN_COMPLAINTS));

            JsonNode mailbox = latest(h.mailboxStatus()).get("neko@example.jp");
            assertThat(mailbox.get("totalComplaints").asLong()).isEqualTo(7);
            assertThat(mailbox.get("totalBounces").asLong()).isZero();
            assertThat(mailbox.get("status").asText()).isEqualTo("PAUSED");
            assertThat(mailbox.get("reason").asText()).isEqualTo("COMPLAINTS");
        }
    }

    @Test
    void anAutoReplyIsSeenButCountsAsNoBounce() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", null, corpus(AUTO_REPLY));

            JsonNode mailbox = latest(h.mailboxStatus()).get("kijitora@example.com");
            assertThat(mailbox).as("the auto-reply reached its mailbox").isNotNull();
            assertThat(mailbox.get("totalBounces").asLong()).isZero();
            assertThat(mailbox.get("windowBounces").asDouble()).isZero();
            assertThat(mailbox.get("status").asText()).isEqualTo("HEALTHY");
            assertThat(h.deadLetters()).isEmpty();
        }
    }

    /**
     * Bounces often return to one shared address; the producer that fetched them knows whose they
     * are and says so in the key.
     */
    @Test
    void theRecordsKeyNamesTheMailboxWhenItIsAnAddress() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", bytes(" Alice@ACME.io "), corpus(TWO_FAILED));

            Map<String, JsonNode> status = latest(h.mailboxStatus());
            assertThat(status).containsOnlyKeys("alice@acme.io");
            assertThat(status.get("alice@acme.io").get("totalBounces").asLong()).isEqualTo(2);
        }
    }

    @Test
    void aKeyThatIsNoAddressLeavesTheMailboxToTheMessage() {
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", bytes("bounce-4711"), corpus(TWO_FAILED));

            assertThat(latest(h.mailboxStatus())).containsOnlyKeys("kijitora@example.jp");
        }
    }

    @Test
    void aBounceThatNamesNoMailboxUnderAKeyThatIsNoAddressIsADeadLetterNamingItsRecipients() {
        String bounce =
                """
                From: Mail Delivery System <MAILER-DAEMON@mx.acme.io>
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

                --B1
                Content-Type: text/plain

                Your message could not be delivered.

                --B1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.acme.io

                Final-Recipient: rfc822; bob@example.org
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 user unknown

                --B1--
                """;
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", bytes("no-address"), bytes(bounce));

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).header(DeadLetterProcessor.REASON))
                    .startsWith("the message names no mailbox")
                    .contains("1 of its 1 recipient reports not counted (bob@example.org)");
            assertThat(dead.get(0).header(DeadLetterProcessor.TOPIC)).isEqualTo("email.dsn");
            assertThat(dead.get(0).valueText()).isEqualTo(bounce);
            assertThat(h.mailboxStatus()).isEmpty();
        }
    }

    @Test
    void aRecordThatIsNoMailMessageIsADeadLetterAndTheNextMessageIsCounted() {
        try (TopologyHarness h = new TopologyHarness()) {
            byte[] garbage = {0x00, (byte) 0xFF, 'n', 'o', 't', '\n', 'm', 'a', 'i', 'l'};
            h.raw("dsn", bytes("alice@acme.io"), garbage);
            h.raw("dsn", null, new byte[0]);
            h.raw("dsn", null, corpus(TWO_FAILED));

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead)
                    .extracting(d -> d.header(DeadLetterProcessor.REASON))
                    .containsExactly(
                            "not a mail message: no From, To, Subject or Content-Type header",
                            "empty message");
            assertThat(dead.get(0).value()).isEqualTo(garbage);
            assertThat(latest(h.mailboxStatus())).containsOnlyKeys("kijitora@example.jp");
        }
    }

    @Test
    void aMessageLargerThanTheLimitIsADeadLetterWholeAndUnread() {
        TopologySettings settings = TopologySettings.defaults().withDsnMaxBytes(4096);
        byte[] message = corpus(TWO_FAILED);
        byte[] padded = new byte[message.length + 4096];
        System.arraycopy(message, 0, padded, 0, message.length);
        java.util.Arrays.fill(padded, message.length, padded.length, (byte) 'x');
        try (TopologyHarness h = new TopologyHarness(settings)) {
            h.raw("dsn", bytes("kijitora@example.jp"), padded);

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).header(DeadLetterProcessor.REASON))
                    .isEqualTo(
                            "message of "
                                    + padded.length
                                    + " bytes is larger than the limit of 4096 bytes");
            assertThat(dead.get(0).value()).isEqualTo(padded);
            assertThat(dead.get(0).header(DeadLetterProcessor.TRUNCATED)).isNull();
            assertThat(h.mailboxStatus()).isEmpty();
        }
    }

    /**
     * A dead letter of the largest raw message the topic takes goes out whole: a limit of its own
     * (the producer's default 1 MiB) no longer cuts it.
     */
    @Test
    void aDeadLetterOfSeveralMebibytesIsWrittenWhole() {
        byte[] large = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(large, (byte) 'x');
        try (TopologyHarness h = new TopologyHarness()) {
            h.raw("dsn", null, large);

            List<TopologyHarness.DeadLetter> dead = h.deadLetters();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).isEqualTo(large);
            assertThat(dead.get(0).header(DeadLetterProcessor.TRUNCATED)).isNull();
        }
    }
}
