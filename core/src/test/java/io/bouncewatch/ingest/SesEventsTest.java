package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SES's own documented examples, and the cases they lack, as input events. */
class SesEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPermanentBounceNotificationIsASendAndAHardBounceWithTheReply() {
        List<Ingested> out = SesEvents.of(fixture("ses-notification-bounce.json"));

        assertThat(out).hasSize(2);
        JsonNode send = event(out.get(0), InputKind.SENDS);
        assertThat(send.path("eventId").asText())
                .isEqualTo(
                        "000001378603176d-5a4b5ad9-6f30-4198-a8c3-b1eb0c270a1d-000000:recipient@example.com");
        assertThat(send.path("mailbox").asText()).isEqualTo("sender@example.com");
        JsonNode bounce = event(out.get(1), InputKind.BOUNCES);
        assertThat(bounce.path("eventId").asText())
                .isEqualTo(
                        "000001378603177f-7a5433e7-8edb-42ae-af10-f0181f34d6ee-000000:recipient@example.com");
        assertThat(bounce.path("mailbox").asText()).isEqualTo("sender@example.com");
        assertThat(bounce.path("recipient").asText()).isEqualTo("recipient@example.com");
        assertThat(bounce.path("type").asText()).isEqualTo("HARD");
        assertThat(bounce.path("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounce.path("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(bounce.path("diagnostic").asText()).isEqualTo("550 5.1.1 user unknown");
        assertThat(bounce.path("remoteMta").asText()).isEqualTo("127.0.2.0");
        assertThat(bounce.path("timestamp").asText()).isEqualTo("2012-05-25T14:59:38Z");
        // the reply says "user unknown": the classifier decides, not SES's coarse Permanent
        assertThat(bounce.has("category")).isFalse();
        assertThat(categoryOf(bounce)).isEqualTo(Category.LIST);
    }

    @Test
    void theEventPublishingBounceNamesItsSenderWithoutTheDisplayName() {
        List<Ingested> out = SesEvents.of(fixture("ses-event-bounce.json"));

        JsonNode bounce = event(out.get(1), InputKind.BOUNCES);
        assertThat(out.get(1))
                .isInstanceOfSatisfying(
                        Ingested.Event.class,
                        e -> assertThat(e.key()).isEqualTo("sender@example.com"));
        assertThat(bounce.path("mailbox").asText()).isEqualTo("sender@example.com");
        assertThat(bounce.path("eventId").asText())
                .isEqualTo(
                        "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000:recipient@example.com");
    }

    @Test
    void aBounceOfSesSuppressionListIsAListBounceForEachRecipient() {
        List<Ingested> out = SesEvents.of(fixture("ses-notification-bounce-suppressed.json"));

        JsonNode bounce = event(out.get(1), InputKind.BOUNCES);
        assertThat(bounce.path("mailbox").asText()).isEqualTo("john@example.com");
        assertThat(bounce.path("type").asText()).isEqualTo("HARD");
        assertThat(categoryOf(bounce)).isEqualTo(Category.LIST);
    }

    @Test
    void aGmailReputationBlockThatSesCallsPermanentIsNotAListBounce() {
        String message =
                """
                {"notificationType":"Bounce",
                 "bounce":{"bounceType":"Permanent","bounceSubType":"General",
                   "feedbackId":"fb-1","timestamp":"2026-01-01T00:00:00Z",
                   "bouncedRecipients":[{"emailAddress":"Someone@Gmail.com","status":"5.7.1",
                     "diagnosticCode":"smtp; 550-5.7.1 [192.0.2.1] Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain."}]},
                 "mail":{"timestamp":"2026-01-01T00:00:00Z","messageId":"m-1",
                   "source":"news@acme.io","destination":["someone@gmail.com"]}}
                """;

        JsonNode bounce = event(SesEvents.of(message).get(1), InputKind.BOUNCES);

        assertThat(bounce.path("recipient").asText()).isEqualTo("someone@gmail.com");
        assertThat(bounce.path("eventId").asText()).isEqualTo("fb-1:someone@gmail.com");
        assertThat(bounce.has("category")).isFalse();
        assertThat(categoryOf(bounce)).isEqualTo(Category.REPUTATION);
        assertThat(bounce.path("diagnostic").asText()).startsWith("550-5.7.1 [192.0.2.1]");
    }

    @Test
    void sesSubtypeDecidesWhenTheReplySaysNothing() {
        String message =
                """
                {"eventType":"Bounce",
                 "bounce":{"bounceType":"Transient","bounceSubType":"MailboxFull",
                   "feedbackId":"fb-2","bouncedRecipients":[{"emailAddress":"r@example.com"}]},
                 "mail":{"messageId":"m-2","source":"news@acme.io"}}
                """;

        JsonNode bounce = event(SesEvents.of(message).get(1), InputKind.BOUNCES);

        assertThat(bounce.path("type").asText()).isEqualTo("SOFT");
        assertThat(bounce.path("category").asText()).isEqualTo("TRANSIENT");
    }

    @Test
    void bounceSubtypesMapToCategories() {
        assertThat(SesEvents.providerCategory("NoEmail")).isEqualTo(Category.LIST);
        assertThat(SesEvents.providerCategory("Suppressed")).isEqualTo(Category.LIST);
        assertThat(SesEvents.providerCategory("OnAccountSuppressionList")).isEqualTo(Category.LIST);
        assertThat(SesEvents.providerCategory("MailboxFull")).isEqualTo(Category.TRANSIENT);
        assertThat(SesEvents.providerCategory("MessageTooLarge")).isEqualTo(Category.TRANSIENT);
        assertThat(SesEvents.providerCategory("ContentRejected")).isEqualTo(Category.REPUTATION);
        assertThat(SesEvents.providerCategory("AttachmentRejected")).isEqualTo(Category.REPUTATION);
        assertThat(SesEvents.providerCategory("General")).isNull();
        assertThat(SesEvents.providerCategory("Undetermined")).isNull();
        assertThat(SesEvents.bounceType("Undetermined")).isNull();
    }

    @Test
    void aDelayTypeDecidesOnlyWhenTheReplySaysNothing() {
        String message =
                """
                {"eventType":"DeliveryDelay",
                 "deliveryDelay":{"delayType":"SendingDeferral",
                   "delayedRecipients":[{"emailAddress":"r@example.com"},{"emailAddress":"s@example.com"}]},
                 "mail":{"messageId":"m-3","source":"news@acme.io"}}
                """;

        List<Ingested> out = SesEvents.of(message);

        assertThat(out).hasSize(4);
        JsonNode second = event(out.get(3), InputKind.BOUNCES);
        assertThat(second.path("eventId").asText()).isEqualTo("m-3:s@example.com:deferred");
        assertThat(second.path("category").asText()).isEqualTo("THROTTLE");
        assertThat(SesEvents.delayCategory("MailboxFull")).isEqualTo(Category.TRANSIENT);
        assertThat(SesEvents.delayCategory("SpamDetected")).isEqualTo(Category.REPUTATION);
        assertThat(SesEvents.delayCategory("Undetermined")).isNull();
    }

    @Test
    void aComplaintIsAComplaintPerRecipientWithItsFeedbackType() {
        for (String fixture :
                List.of("ses-notification-complaint.json", "ses-event-complaint.json")) {
            List<Ingested> out = SesEvents.of(fixture(fixture));

            assertThat(out).hasSize(1);
            JsonNode complaint = event(out.get(0), InputKind.COMPLAINTS);
            assertThat(complaint.path("recipient").asText()).isEqualTo("recipient@example.com");
            assertThat(complaint.path("feedbackType").asText()).isEqualTo("abuse");
            assertThat(complaint.path("eventId").asText()).endsWith(":recipient@example.com");
        }
    }

    @Test
    void deliveriesAndSendsAreSendsThatCountOncePerMessageAndRecipient() {
        String id =
                "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000:recipient@example.com";
        JsonNode delivery =
                event(SesEvents.of(fixture("ses-event-delivery.json")).get(0), InputKind.SENDS);
        JsonNode send = event(SesEvents.of(fixture("ses-event-send.json")).get(0), InputKind.SENDS);

        assertThat(delivery.path("eventId").asText()).isEqualTo(id);
        assertThat(send.path("eventId").asText()).isEqualTo(id);
        assertThat(
                        event(
                                        SesEvents.of(fixture("ses-notification-delivery.json"))
                                                .get(0),
                                        InputKind.SENDS)
                                .path("recipient")
                                .asText())
                .isEqualTo("success@simulator.amazonses.com");
    }

    @Test
    void aDeliveryDelayIsASoftBounceCountedOncePerMessage() {
        List<Ingested> out = SesEvents.of(fixture("ses-event-delivery-delay.json"));

        assertThat(out).hasSize(2);
        event(out.get(0), InputKind.SENDS);
        JsonNode bounce = event(out.get(1), InputKind.BOUNCES);
        assertThat(bounce.path("eventId").asText())
                .isEqualTo(
                        "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000:recipient@example.com:deferred");
        assertThat(bounce.path("type").asText()).isEqualTo("SOFT");
        assertThat(bounce.path("smtpCode").asInt()).isEqualTo(421);
        assertThat(bounce.path("enhancedStatus").asText()).isEqualTo("4.4.1");
        assertThat(bounce.path("diagnostic").asText())
                .isEqualTo("421 4.4.1 Unable to connect to remote host");
    }

    @Test
    void rejectsOpensAndSubscriptionNoticesAreSkipped() {
        assertThat(SesEvents.of(fixture("ses-event-reject.json"))).isEmpty();
        assertThat(SesEvents.of(fixture("ses-event-open.json"))).isEmpty();
        assertThat(
                        SesEvents.of(
                                "{\"notificationType\":\"AmazonSnsSubscriptionSucceeded\","
                                        + "\"message\":\"You have successfully subscribed\"}"))
                .isEmpty();
    }

    @Test
    void clicksAndRenderingFailuresAreSkipped() {
        assertThat(SesEvents.of(fixture("ses-event-click.json"))).isEmpty();
        assertThat(SesEvents.of(fixture("ses-event-rendering-failure.json"))).isEmpty();
    }

    @Test
    void aComplaintWithoutAFeedbackTypeIsStillAComplaint() throws IOException {
        var complaint = (ObjectNode) JSON.readTree(fixture("ses-event-complaint.json"));
        ((ObjectNode) complaint.path("complaint")).remove("complaintFeedbackType");

        List<Ingested> out = SesEvents.of(JSON.writeValueAsString(complaint));

        JsonNode e = event(out.get(0), InputKind.COMPLAINTS);
        assertThat(e.path("recipient").asText()).isEqualTo("recipient@example.com");
        assertThat(e.has("feedbackType")).isFalse();
        IngestedEvents.decoded(out.get(0));
    }

    @Test
    void aComplaintOfTheAccountSuppressionListIsNoNewComplaint() throws IOException {
        // SES's notification contents: with complaintSubType OnAccountSuppressionList it accepted
        // the message but sent nothing, the address being on the account's suppression list.
        var complaint = (ObjectNode) JSON.readTree(fixture("ses-event-complaint.json"));
        ((ObjectNode) complaint.path("complaint"))
                .put("complaintSubType", "OnAccountSuppressionList");

        assertThat(SesEvents.of(JSON.writeValueAsString(complaint))).isEmpty();
    }

    @Test
    void anEventWithoutItsSenderIsDeadLetteredSayingSo() {
        List<Ingested> out =
                SesEvents.of(
                        "{\"eventType\":\"Send\",\"mail\":{\"messageId\":\"m\","
                                + "\"sourceArn\":\"arn:aws:ses:us-east-1:1:identity/acme.io\","
                                + "\"destination\":[\"r@example.com\"]}}");

        assertThat(out)
                .singleElement()
                .isInstanceOfSatisfying(
                        Ingested.Rejected.class,
                        r -> assertThat(r.reason()).contains("mail.source"));
    }

    @Test
    void aMessageThatIsNoSesEventIsDeadLetteredWithItsBytes() {
        List<Ingested> out = SesEvents.of("Hello world");

        assertThat(out)
                .singleElement()
                .isInstanceOfSatisfying(
                        Ingested.Rejected.class,
                        r -> {
                            assertThat(r.reason()).contains("not an SES event");
                            assertThat(new String(r.original(), StandardCharsets.UTF_8))
                                    .isEqualTo("Hello world");
                        });
    }

    @Test
    void theDiagnosticLosesOnlyItsSmtpPrefix() {
        assertThat(SesEvents.diagnostic("smtp; 550 5.1.1 user unknown"))
                .isEqualTo("550 5.1.1 user unknown");
        assertThat(SesEvents.diagnostic("X-Postfix; host said")).isEqualTo("X-Postfix; host said");
        assertThat(SesEvents.diagnostic(" ")).isNull();
    }

    /** The category the monitor gives a bounce event: its own, else its reply's. */
    static Category categoryOf(JsonNode bounce) {
        if (bounce.has("category")) {
            return Category.valueOf(bounce.path("category").asText());
        }
        return new BounceClassifier()
                .classify(
                        BounceFacts.ofReply(
                                bounce.path("recipient").asText(null),
                                bounce.path("diagnostic").asText(null),
                                bounce.path("enhancedStatus").asText(null),
                                bounce.has("smtpCode") ? bounce.path("smtpCode").asInt() : null,
                                BounceType.valueOf(bounce.path("type").asText("HARD")),
                                bounce.path("remoteMta").asText(null)))
                .category();
    }

    static JsonNode event(Ingested ingested, InputKind kind) {
        assertThat(ingested).isInstanceOf(Ingested.Event.class);
        Ingested.Event e = (Ingested.Event) ingested;
        assertThat(e.kind()).isEqualTo(kind);
        try {
            JsonNode node = JSON.readTree(e.value());
            assertThat(e.key()).isEqualTo(node.path("mailbox").asText());
            return node;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static String fixture(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String name) {
        try (InputStream in = SesEventsTest.class.getResourceAsStream("/ingest/ses/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
