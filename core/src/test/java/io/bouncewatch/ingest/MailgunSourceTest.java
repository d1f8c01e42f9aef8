package io.bouncewatch.ingest;

import static io.bouncewatch.ingest.IngestedEvents.decoded;
import static io.bouncewatch.ingest.IngestedEvents.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.testing.MailgunSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mailgun's webhooks, from samples of Mailgun's documentation, its Go SDK and events captured from
 * Mailgun (see the README beside them), signed here with a key of the test's own: the signature,
 * the age of its timestamp, replayed tokens, and what the monitor makes of each event.
 */
class MailgunSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final MailgunSource source = new MailgunSource(KEY, MAX_AGE);
    private int tokens;

    /** A request as Mailgun sends it: the event and a signature made now with {@code key}. */
    static byte[] signed(JsonNode eventData, Instant signedAt, String token, String key) {
        return MailgunSigner.signed(eventData, signedAt, token, key);
    }

    private static WebhookRequest at(Instant receivedAt, byte[] body) {
        return new WebhookRequest(
                Map.of("Content-Type", List.of("application/json")), body, receivedAt);
    }

    private List<Ingested> accept(JsonNode eventData) throws Exception {
        return source.accept(at(NOW, signed(eventData, NOW, "token-" + tokens++, KEY)));
    }

    /**
     * A legacy webhook as Mailgun posts it: the sample's fields as a form, urlencoded or multipart,
     * signed now with the test's key.
     */
    private List<Ingested> acceptLegacy(String sample, boolean multipart, Map<String, String> added)
            throws Exception {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        JSON.readTree(sample("mailgun/" + sample))
                .fields()
                .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        fields.putAll(added);
        String timestamp = Long.toString(NOW.getEpochSecond());
        String token = "legacy-token-" + tokens++;
        fields.put("timestamp", timestamp);
        fields.put("token", token);
        fields.put("signature", MailgunSigner.signature(KEY, timestamp, token));
        StringBuilder body = new StringBuilder();
        String type;
        if (multipart) {
            String boundary = "Wz7BvtQ0e5";
            type = "multipart/form-data; boundary=\"" + boundary + "\"";
            fields.forEach(
                    (name, value) ->
                            body.append("--")
                                    .append(boundary)
                                    .append("\r\nContent-Disposition: form-data; name=\"")
                                    .append(name)
                                    .append("\"\r\n\r\n")
                                    .append(value)
                                    .append("\r\n"));
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"attachment-1\";")
                    .append(" filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--")
                    .append(boundary)
                    .append("--\r\n");
        } else {
            type = "application/x-www-form-urlencoded";
            fields.forEach(
                    (name, value) ->
                            body.append(body.length() == 0 ? "" : "&")
                                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                                    .append('=')
                                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        return source.accept(
                new WebhookRequest(
                        Map.of("Content-Type", List.of(type)),
                        body.toString().getBytes(StandardCharsets.UTF_8),
                        NOW));
    }

    /** What the legacy bounce samples leave out, taken from the legacy delivered sample. */
    private static final Map<String, String> SENT_AS =
            Map.of(
                    "Message-Id", "<20160421175529.19495.89030.B3AE3728@example.com>",
                    "message-headers", "[[\"From\", \"from@example.com\"]]");

    private static ObjectNode event(String sample) throws Exception {
        return (ObjectNode) JSON.readTree(sample("mailgun/" + sample));
    }

    /** A permanent failure as Mailgun reports a remote server's 5xx reply. */
    private static ObjectNode permanentFailure(String id, String message) throws Exception {
        ObjectNode event = event("failed-permanent-suppress-bounce.json");
        event.put("id", id).put("reason", "bounce");
        ObjectNode status = (ObjectNode) event.get("delivery-status");
        status.put("code", 550).put("message", message).put("description", "");
        status.put("mx-host", "gmail-smtp-in.l.google.com");
        return event;
    }

    @Test
    void theDocumentedPermanentFailureIsASendAndAHardBounceOfTheRecipientsList() throws Exception {
        List<Ingested> out = accept(event("failed-permanent-suppress-bounce.json"));
        assertThat(out).hasSize(2);
        String sender = "bob@sandbox137ba8eb5c17406295e77c3c72985e71.mailgun.org";

        MailboxEvent send = decoded(out.get(0));
        assertThat(send).isInstanceOf(MailboxEvent.Send.class);
        assertThat(send.mailbox()).isEqualTo(sender);
        assertThat(send.eventId())
                .isEqualTo(
                        "20130503192659.13651.20287@sandbox137ba8eb5c17406295e77c3c72985e71.mailgun.org"
                                + ":alice@example.com");

        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.eventId()).isEqualTo("G9Bn5sl1TC6nu79C8C0bwg");
        assertThat(bounce.mailbox()).isEqualTo(sender);
        assertThat(bounce.recipient()).isEqualTo("alice@example.com");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.reply()).isEqualTo("Not delivering to previously bounced address");
        assertThat(bounce.timestamp()).isEqualTo(1521233195000L);
        // Mailgun's suppression of an address that bounced before: its reason decides.
        assertThat(bounce.classification().category()).isEqualTo(Category.LIST);
    }

    @Test
    void aUserUnknownReplyIsTheListAndAReputationBlockIsNot() throws Exception {
        MailboxEvent.Bounce unknown =
                (MailboxEvent.Bounce)
                        decoded(
                                accept(
                                                permanentFailure(
                                                        "e-1",
                                                        "5.1.1 The email account that you tried to reach does"
                                                                + " not exist. Please try\n5.1.1"
                                                                + " double-checking the recipient's email"
                                                                + " address for typos"))
                                        .get(1));
        assertThat(unknown.classification().category()).isEqualTo(Category.LIST);

        MailboxEvent.Bounce blocked =
                (MailboxEvent.Bounce)
                        decoded(
                                accept(
                                                permanentFailure(
                                                        "e-2",
                                                        "5.7.1 Our system has detected that this message is"
                                                                + " likely unsolicited mail. To reduce the"
                                                                + " amount of spam sent to Gmail, this"
                                                                + " message has been blocked."))
                                        .get(1));
        assertThat(blocked.type()).isEqualTo(BounceType.HARD);
        assertThat(blocked.classification().category()).isEqualTo(Category.REPUTATION);
    }

    @Test
    void theSdksAcceptedEventIsASendOfTheEnvelopeSender() throws Exception {
        List<Ingested> out = accept(event("accepted.json"));
        assertThat(out).hasSize(1);
        MailboxEvent send = decoded(out.get(0));
        assertThat(send).isInstanceOf(MailboxEvent.Send.class);
        assertThat(send.mailbox()).isEqualTo("noreply@example.com");
        assertThat(send.eventId())
                .isEqualTo("20150103032312.125890.23497@example.com:dude@example.com");
        assertThat(send.timestamp()).isEqualTo(1420255392000L);
    }

    @Test
    void aCapturedDeliveredEventIsASendOfItsEnvelopeSenderAndMessage() throws Exception {
        List<Ingested> out = accept(event("delivered.json"));

        assertThat(out).hasSize(1);
        MailboxEvent send = decoded(out.get(0));
        assertThat(send).isInstanceOf(MailboxEvent.Send.class);
        assertThat(send.mailbox()).isEqualTo("test@example.org");
        assertThat(send.eventId())
                .isEqualTo("20180812211713.1.DF5966851B4BAA99@example.org:recipient@example.com");
        assertThat(send.timestamp()).isEqualTo(1534108637000L);
    }

    @Test
    void opensClicksUnsubscribesAndRejectionsAreSkippedQuietly() throws Exception {
        for (String kind : List.of("opened", "clicked", "unsubscribed", "rejected", "stored")) {
            ObjectNode other = event("delivered.json");
            other.put("event", kind);
            assertThat(accept(other)).as(kind).isEmpty();
        }
    }

    @Test
    void aLegacyDeliveredWebhookIsASendOfItsFromHeaderInEitherFormEncoding() throws Exception {
        for (boolean multipart : List.of(false, true)) {
            List<Ingested> out = acceptLegacy("legacy-delivered.json", multipart, Map.of());

            assertThat(out).as("multipart " + multipart).hasSize(1);
            MailboxEvent send = decoded(out.get(0));
            assertThat(send).isInstanceOf(MailboxEvent.Send.class);
            assertThat(send.mailbox()).isEqualTo("from@example.com");
            assertThat(send.eventId())
                    .isEqualTo(
                            "20160421175529.19495.89030.B3AE3728@example.com:recipient@example.com");
            assertThat(send.timestamp()).isEqualTo(NOW.toEpochMilli());
        }
    }

    @Test
    void aLegacyBounceIsASendAndAHardBounceOfItsReply() throws Exception {
        List<Ingested> out = acceptLegacy("legacy-bounced.json", false, SENT_AS);

        assertThat(out).hasSize(2);
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.eventId())
                .isEqualTo(
                        "20160421175529.19495.89030.B3AE3728@example.com:noreply@example.com:bounced");
        assertThat(bounce.mailbox()).isEqualTo("from@example.com");
        assertThat(bounce.recipient()).isEqualTo("noreply@example.com");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.reply()).startsWith("550 5.1.1 The email account");
        assertThat(bounce.classification().category()).isEqualTo(Category.LIST);
    }

    @Test
    void aLegacyBounceWhoseCodeIsAnEnhancedStatusKeepsItAsOne() throws Exception {
        List<Ingested> out = acceptLegacy("legacy-bounced-enhanced-code.json", true, SENT_AS);

        ObjectNode bounce = (ObjectNode) JSON.readTree(((Ingested.Event) out.get(1)).value());
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounce.get("diagnostic").asText())
                .isEqualTo("550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
    }

    @Test
    void aLegacyDropOfAnAddressThatBouncedBeforeIsAListBounce() throws Exception {
        List<Ingested> out = acceptLegacy("legacy-dropped-hardfail.json", true, Map.of());

        assertThat(out).hasSize(2);
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.eventId())
                .isEqualTo(
                        "20160421180324.70521.79375.96884DDB@example.com:bounce@example.com:dropped");
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.classification().category())
                .as("Mailgun's 605 is no SMTP reply: its reason hardfail decides")
                .isEqualTo(Category.LIST);
    }

    @Test
    void aLegacyWebhookWithABadSignatureIsRefused() throws Exception {
        assertThatThrownBy(
                        () ->
                                source.accept(
                                        new WebhookRequest(
                                                Map.of(
                                                        "Content-Type",
                                                        List.of(
                                                                "application/x-www-form-urlencoded")),
                                                ("event=delivered&timestamp="
                                                                + NOW.getEpochSecond()
                                                                + "&token=t&signature=00")
                                                        .getBytes(StandardCharsets.UTF_8),
                                                NOW)))
                .isInstanceOf(WebhookRefusal.class);
    }

    @Test
    void aDeliveredEventIsTheSameSendAsTheMessagesOtherEvents() throws Exception {
        ObjectNode delivered = event("accepted.json");
        delivered.put("event", "delivered");
        assertThat(decoded(accept(delivered).get(0)).eventId())
                .isEqualTo(decoded(accept(event("accepted.json")).get(0)).eventId());
    }

    /** The captured event has its From cut to a display name: it names no mailbox. */
    @Test
    void theCapturedTemporaryFailureNamesNoSenderAndIsDeadLetteredSayingSo() throws Exception {
        List<Ingested> out = accept(event("failed-temporary.json"));
        assertThat(out).singleElement().isInstanceOf(Ingested.Rejected.class);
        assertThat(((Ingested.Rejected) out.get(0)).reason())
                .isEqualTo(
                        "a Mailgun failed event names no sending mailbox: neither envelope.sender"
                                + " nor message.headers.from holds an address");
    }

    @Test
    void aTemporaryFailureIsASoftDeferralCountedOncePerMessage() throws Exception {
        ObjectNode event = event("failed-temporary.json");
        event.putObject("envelope").put("sender", "sender@example.org");
        List<Ingested> first = accept(event);
        assertThat(first).hasSize(2);
        MailboxEvent.Bounce deferral = (MailboxEvent.Bounce) decoded(first.get(1));
        assertThat(deferral.type()).isEqualTo(BounceType.SOFT);
        assertThat(deferral.eventId())
                .isEqualTo(
                        "20180812214638.1.4A7D468E9BC18C5D@example.org"
                                + ":undeliverable@nomx.example.com:deferred");
        assertThat(deferral.reply()).endsWith("No MX for nomx.example.com");
        assertThat(deferral.classification().category())
                .isIn(Category.TRANSIENT, Category.LIST, Category.THROTTLE);

        ((ObjectNode) event.get("delivery-status")).put("attempt-no", 4);
        assertThat(decoded(accept(event).get(1)).eventId())
                .as("the next retry of the same message")
                .isEqualTo(deferral.eventId());
    }

    @Test
    void aFailureWithoutAReasonIsASendAndABounceClassifiedByItsReply() throws Exception {
        ObjectNode event =
                permanentFailure(
                        "e-3", "5.1.1 The email account that you tried to reach does not exist");
        event.remove("reason");

        List<Ingested> out = accept(event);

        assertThat(out).hasSize(2);
        MailboxEvent.Bounce bounce = (MailboxEvent.Bounce) decoded(out.get(1));
        assertThat(bounce.type()).isEqualTo(BounceType.HARD);
        assertThat(bounce.classification().category()).isEqualTo(Category.LIST);
    }

    @Test
    void aComplaintIsOfTheMessagesSender() throws Exception {
        List<Ingested> out = accept(event("complained.json"));
        assertThat(out).hasSize(1);
        MailboxEvent.Complaint complaint = (MailboxEvent.Complaint) decoded(out.get(0));
        assertThat(complaint.eventId()).isEqualTo("ncV2XwymRUKbPek_MIM-Gw");
        assertThat(complaint.mailbox()).isEqualTo("sender@example.org");
        assertThat(complaint.recipient()).isEqualTo("recipient@example.com");
    }

    @Test
    void opensClicksAndUnsubscribesAreSkipped() throws Exception {
        for (String kind : List.of("opened", "clicked", "unsubscribed", "stored")) {
            ObjectNode event = event("accepted.json");
            event.put("event", kind);
            assertThat(accept(event)).as(kind).isEmpty();
        }
    }

    private void assertRefused(WebhookRequest request, int status, String message) {
        assertThatThrownBy(() -> source.accept(request))
                .isInstanceOfSatisfying(
                        WebhookRefusal.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }

    @Test
    void aSignatureMadeWithAnotherKeyIsRefused401() throws Exception {
        assertRefused(
                at(NOW, signed(event("accepted.json"), NOW, "t-1", "key-of-someone-else")),
                401,
                "does not verify with ingest.mailgun.signing-key");
    }

    @Test
    void aChangedBodyNoLongerMatchesItsSignatureAndIsRefused() throws Exception {
        // The signature covers only timestamp and token: what protects the event is the token's
        // single use and the age. A changed event with a fresh token needs the key.
        ObjectNode body =
                (ObjectNode) JSON.readTree(signed(event("accepted.json"), NOW, "t-2", KEY));
        ((ObjectNode) body.get("signature")).put("token", "t-3");
        assertRefused(at(NOW, JSON.writeValueAsBytes(body)), 401, "does not verify");
    }

    @Test
    void anUnsignedRequestIsRefused401() throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.set("event-data", event("accepted.json"));
        assertRefused(at(NOW, JSON.writeValueAsBytes(body)), 401, "the request is not signed");
    }

    @Test
    void aTimestampOlderOrNewerThanTheMaximumAgeIsRefused403() throws Exception {
        byte[] stale =
                signed(event("accepted.json"), NOW.minus(MAX_AGE).minusSeconds(1), "t-4", KEY);
        assertRefused(at(NOW, stale), 403, "more than ingest.max-age=PT5M");
        byte[] ahead = signed(event("accepted.json"), NOW.plus(MAX_AGE).plusSeconds(1), "t-5", KEY);
        assertRefused(at(NOW, ahead), 403, "more than ingest.max-age=PT5M");
        byte[] justInTime = signed(event("accepted.json"), NOW.minus(MAX_AGE), "t-6", KEY);
        assertThat(source.accept(at(NOW, justInTime))).hasSize(1);
    }

    @Test
    void aReplayedTokenIsRefused403UntilItWouldBeStaleAnyway() throws Exception {
        byte[] body = signed(event("accepted.json"), NOW, "t-7", KEY);
        assertThat(source.accept(at(NOW, body))).hasSize(1);
        assertRefused(at(NOW.plusSeconds(1), body), 403, "token was seen before");
        assertRefused(
                at(
                        NOW.plusSeconds(2),
                        signed(event("complained.json"), NOW.plusSeconds(2), "t-7", KEY)),
                403,
                "token was seen before");

        // Past the maximum age the token is forgotten: a signature made anew with it verifies.
        Instant later = NOW.plus(MAX_AGE).plusSeconds(3);
        assertThat(source.accept(at(later, signed(event("accepted.json"), later, "t-7", KEY))))
                .hasSize(1);
    }

    @Test
    void aBodyThatIsNoSignedMailgunEventIs400() throws Exception {
        assertRefused(at(NOW, "event=failed".getBytes(StandardCharsets.UTF_8)), 400, "not JSON");
        assertRefused(at(NOW, "[]".getBytes(StandardCharsets.UTF_8)), 400, "a JSON object");
        ObjectNode noEvent =
                (ObjectNode) JSON.readTree(signed(event("accepted.json"), NOW, "t-8", KEY));
        noEvent.remove("event-data");
        assertRefused(at(NOW, JSON.writeValueAsBytes(noEvent)), 400, "no event-data");
    }
}
