package io.bouncewatch.ingest;

import static io.bouncewatch.ingest.IngestedEvents.decoded;
import static io.bouncewatch.ingest.IngestedEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Postmark's webhooks, from the examples of Postmark's own documentation: HTTP Basic credentials,
 * and what the monitor makes of each record.
 */
class PostmarkSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "postmark";
    private static final String PASSWORD = "correct-horse-battery";

    private final PostmarkSource source = new PostmarkSource(USER, PASSWORD);

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static WebhookRequest request(byte[] body, String authorization) {
        return new WebhookRequest(
                authorization == null ? Map.of() : Map.of("Authorization", List.of(authorization)),
                body,
                Instant.parse("2026-11-22T10:00:00Z"));
    }

    private List<Ingested> accept(byte[] body) throws WebhookRefusal {
        return source.accept(request(body, basic(USER, PASSWORD)));
    }

    private static byte[] with(String sample, String field, String value) throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(sample(sample));
        record.put(field, value);
        return JSON.writeValueAsBytes(record);
    }

    @Test
    void theDocumentedHardBounceIsASendAndAHardBounceOfTheRecipientsList() throws Exception {
        List<Ingested> out = accept(sample("postmark/bounce.json"));
        assertThat(out).hasSize(2);

        MailboxEvent send = decoded(out.get(0));
        assertThat(send).isInstanceOf(MailboxEvent.Send.class);
        assertThat(send.eventId())
                .isEqualTo("883953f4-6105-42a2-a16a-77a8eac79483:john@example.com");
        assertThat(send.mailbox()).isEqualTo("sender@example.com");

        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.eventId()).isEqualTo("4323372036854775807");
        assertThat(bounce.mailbox()).isEqualTo("sender@example.com");
        assertThat(bounce.recipient()).isEqualTo("john@example.com");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.timestamp())
                .isEqualTo(Instant.parse("2019-11-05T16:33:54Z").toEpochMilli());
        assertThat(bounce.reply()).isEqualTo("Test bounce details");
        // The details say nothing the classifier knows: Postmark's HardBounce decides.
        assertThat(bounce.classification().category()).isEqualTo(Category.LIST);
    }

    /** A coarse "hard bounce" covers reputation blocks too, which must suppress nobody. */
    @Test
    void aHardBounceWhoseReplyIsAReputationBlockIsClassifiedByTheReply() throws Exception {
        byte[] gmail =
                with(
                        "postmark/bounce.json",
                        "Details",
                        "smtp;550-5.7.1 [203.0.113.5] Our system has detected that this message is"
                                + " likely unsolicited mail. To reduce the amount of spam sent to"
                                + " Gmail, this message has been blocked.");
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(accept(gmail).get(1));
        assertThat(bounce.classification().category()).isEqualTo(Category.REPUTATION);
    }

    @Test
    void aSoftBounceIsSoftAndItsReplyDecides() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(sample("postmark/bounce.json"));
        record.put("Type", "SoftBounce").put("TypeCode", 4096);
        record.put(
                "Details",
                "smtp;452 4.2.2 The email account that you tried to reach is over quota.");
        MailboxEvent.Bounce bounce =
                (MailboxEvent.Bounce) decoded(accept(JSON.writeValueAsBytes(record)).get(1));
        assertThat(bounce.type()).isEqualTo(BounceType.SOFT);
        assertThat(bounce.classification().category()).isEqualTo(Category.TRANSIENT);
    }

    @Test
    void aRecordWithoutTypeIsReadByItsTypeCode() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(sample("postmark/bounce.json"));
        record.remove("Type");
        record.put("TypeCode", 100006);
        MailboxEvent.Bounce bounce =
                (MailboxEvent.Bounce) decoded(accept(JSON.writeValueAsBytes(record)).get(1));
        assertThat(bounce.classification().category()).isEqualTo(Category.REPUTATION);
    }

    @Test
    void theDocumentedSpamComplaintIsAComplaintOfTheSender() throws Exception {
        List<Ingested> out = accept(sample("postmark/spam-complaint.json"));
        assertThat(out).hasSize(1);
        MailboxEvent.Complaint complaint = (MailboxEvent.Complaint) decoded(out.get(0));
        assertThat(complaint.eventId()).isEqualTo("42");
        assertThat(complaint.mailbox()).isEqualTo("sender@example.com");
        assertThat(complaint.recipient()).isEqualTo("john@example.com");
    }

    /** Postmark's Delivery names no sender: Metadata must, else the event is dead-lettered. */
    @Test
    void aDeliveryIsASendOfTheMailboxItsMetadataNames() throws Exception {
        List<Ingested> documented = accept(sample("postmark/delivery.json"));
        assertThat(documented).hasSize(1);
        assertThat(documented.get(0)).isInstanceOf(Ingested.Rejected.class);
        assertThat(((Ingested.Rejected) documented.get(0)).reason())
                .isEqualTo(
                        "a Postmark Delivery names no sending mailbox: neither From nor"
                                + " Metadata.bw_mailbox holds an address");
        assertThat(((Ingested.Rejected) documented.get(0)).original())
                .isEqualTo(sample("postmark/delivery.json"));

        ObjectNode record = (ObjectNode) JSON.readTree(sample("postmark/delivery.json"));
        ((ObjectNode) record.get("Metadata")).put(PostmarkSource.MAILBOX_METADATA, "Alice@Acme.io");
        MailboxEvent send = decoded(accept(JSON.writeValueAsBytes(record)).get(0));
        assertThat(send).isInstanceOf(MailboxEvent.Send.class);
        assertThat(send.mailbox()).isEqualTo("alice@acme.io");
        assertThat(send.eventId())
                .as("the same id as the send the message's bounce shows, so it counts once")
                .isEqualTo("883953f4-6105-42a2-a16a-77a8eac79483:john@example.com");
    }

    @Test
    void aSenderWithADisplayNameIsItsBareAddress() throws Exception {
        MailboxEvent.Bounce bounce =
                (MailboxEvent.Bounce)
                        decoded(
                                accept(
                                                with(
                                                        "postmark/bounce.json",
                                                        "From",
                                                        "\"Alice A.\" <Alice@Acme.io>"))
                                        .get(1));
        assertThat(bounce.mailbox()).isEqualTo("alice@acme.io");
    }

    @Test
    void aBounceThatNamesNoSenderIsDeadLetteredSayingSo() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(sample("postmark/bounce.json"));
        record.remove("From");
        List<Ingested> out = accept(JSON.writeValueAsBytes(record));
        assertThat(out).singleElement().isInstanceOf(Ingested.Rejected.class);
        assertThat(((Ingested.Rejected) out.get(0)).reason())
                .startsWith("a Postmark Bounce names no sending mailbox");
    }

    @Test
    void aBounceWithoutTypeOrWithATypeCodeNotKnownIsSkipped() throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(sample("postmark/bounce.json"));
        record.remove("Type");
        record.remove("TypeCode");
        assertThat(accept(JSON.writeValueAsBytes(record))).as("no type at all").isEmpty();

        record.put("TypeCode", 3);
        assertThat(accept(JSON.writeValueAsBytes(record))).as("a TypeCode not known").isEmpty();
    }

    @Test
    void opensClicksAndSubscriptionChangesAreSkipped() throws Exception {
        for (String type : List.of("Open", "Click", "SubscriptionChange")) {
            assertThat(
                            accept(
                                    ("{\"RecordType\":\"" + type + "\"}")
                                            .getBytes(StandardCharsets.UTF_8)))
                    .as(type)
                    .isEmpty();
        }
    }

    @Test
    void aRealHardBounceReadsItsCodesFromDetailsWrittenWithoutASpace() throws Exception {
        List<Ingested> out = accept(sample("postmark/anymail-hard-bounce.json"));

        assertThat(out).hasSize(2);
        assertThat(decoded(out.get(0)).eventId())
                .isEqualTo("2706ee8a-737c-4285-b032-ccd317af53ed:bounce@example.com");
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.eventId()).isEqualTo("901542550");
        assertThat(bounce.mailbox()).isEqualTo("sender@example.com");
        assertThat(bounce.recipient()).isEqualTo("bounce@example.com");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.timestamp())
                .as("BouncedAt in its own offset, seven digits of a second")
                .isEqualTo(Instant.parse("2016-04-27T20:28:50Z").toEpochMilli());
        assertThat(bounce.reply()).startsWith("550 5.1.1");
        assertThat(bounce.classification().category()).isEqualTo(Category.LIST);
        assertThat(bounce.classification().matchedBy()).doesNotStartWith("type ");
    }

    @Test
    void aRealSpamComplaintIsAComplaintEvenWithTheTypeCodeOfASpamNotification() throws Exception {
        List<Ingested> out = accept(sample("postmark/anymail-spam-complaint.json"));

        MailboxEvent complaint = decoded(out.get(0));
        assertThat(complaint).isInstanceOf(MailboxEvent.Complaint.class);
        assertThat(complaint.eventId()).isEqualTo("901542550");
        assertThat(complaint.mailbox()).isEqualTo("sender@example.com");
        assertThat(((MailboxEvent.Complaint) complaint).recipient()).isEqualTo("spam@example.com");
    }

    @Test
    void realOpensClicksAndSubscriptionChangesAreSkippedQuietly() throws Exception {
        for (String sample :
                List.of(
                        "postmark/anymail-open.json",
                        "postmark/anymail-click.json",
                        "postmark/anymail-subscription-change.json")) {
            assertThat(accept(sample(sample))).as(sample).isEmpty();
        }
    }

    @Test
    void withoutCredentialsOrWithWrongOnesTheRequestIsRefused401WithABasicChallenge() {
        byte[] body = sample("postmark/bounce.json");
        for (String authorization :
                new String[] {
                    null,
                    "Bearer " + PASSWORD,
                    basic(USER, "wrong-password"),
                    basic("someone", PASSWORD),
                    basic(USER, PASSWORD + "x"),
                    "Basic not-base64!"
                }) {
            assertThatThrownBy(() -> source.accept(request(body, authorization)))
                    .as(String.valueOf(authorization))
                    .isInstanceOfSatisfying(
                            WebhookRefusal.class,
                            e -> {
                                assertThat(e.status()).isEqualTo(401);
                                assertThat(e.challenge()).startsWith("Basic realm=");
                            });
        }
    }

    @Test
    void aBodyThatIsNoPostmarkRecordIs400() {
        for (String body : List.of("not json", "[]", "{\"Type\":\"HardBounce\"}")) {
            assertThatThrownBy(() -> accept(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body)
                    .isInstanceOfSatisfying(
                            WebhookRefusal.class, e -> assertThat(e.status()).isEqualTo(400));
        }
    }
}
