package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.input.InputKind;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The SendGrid Event Webhook: verification (signature, headers, age) and the mapping of SendGrid's
 * documented events (core/src/test/resources/ingest/sendgrid/README.md) to input events.
 */
class SendGridWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
    private static final String SENDER = "alice@acme.io";

    private final TestSigner signer = TestSigner.newSigner();
    private final SendGridWebhook webhook =
            new SendGridWebhook(signer.verifier(), "bw_mailbox", MAX_AGE);

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in =
                SendGridWebhookTest.class.getResourceAsStream("/ingest/sendgrid/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** A fixture's events with the sender's custom argument added to each. */
    private static byte[] withSender(JsonNode events) throws IOException {
        ArrayNode copy = events.deepCopy();
        copy.forEach(e -> ((ObjectNode) e).put("bw_mailbox", SENDER));
        return JSON.writeValueAsBytes(copy);
    }

    private WebhookRequest signed(byte[] body, Instant signedAt, Instant receivedAt) {
        String ts = Long.toString(signedAt.getEpochSecond());
        return new WebhookRequest(
                Map.of(
                        SendGridWebhook.SIGNATURE_HEADER, List.of(signer.sign(ts, body)),
                        SendGridWebhook.TIMESTAMP_HEADER, List.of(ts)),
                body,
                receivedAt);
    }

    private List<Ingested> accept(byte[] body) throws WebhookRefusal {
        return webhook.accept(signed(body, NOW, NOW));
    }

    private static JsonNode value(Ingested ingested) {
        try {
            return JSON.readTree(((Ingested.Event) ingested).value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Object> kindAndId(Ingested ingested) {
        return ingested instanceof Ingested.Event e
                ? List.of(e.kind(), value(e).get("eventId").asText())
                : List.of("rejected", ((Ingested.Rejected) ingested).reason());
    }

    /** The refusal's status; 0 when the request is accepted. */
    private static int status(ThrowingCall call) {
        try {
            call.run();
            return 0;
        } catch (WebhookRefusal r) {
            return r.status();
        }
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws WebhookRefusal;
    }

    // Verification

    @Test
    void acceptsTheSdksRealSignedEventUnderSendGridsOwnKeyAndSkipsItsDrop() throws Exception {
        JsonNode vector = SendGridSignatureTest.vectors().get("java-python");
        SendGridWebhook sdkKey =
                new SendGridWebhook(
                        SendGridSignature.of(vector.get("publicKey").asText()),
                        "bw_mailbox",
                        MAX_AGE);
        String ts = vector.get("timestamp").asText();
        WebhookRequest request =
                new WebhookRequest(
                        Map.of(
                                "x-twilio-email-event-webhook-signature",
                                List.of(vector.get("signature").asText()),
                                "X-Twilio-Email-Event-Webhook-Timestamp",
                                List.of(ts)),
                        vector.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                        Instant.ofEpochSecond(Long.parseLong(ts)).plusSeconds(30));

        assertThat(sdkKey.accept(request)).as("a drop counts nothing").isEmpty();
        assertThat(status(() -> webhook.accept(request)))
                .as("the same request under another key")
                .isEqualTo(401);
    }

    @Test
    void aVerifiedBodyThatIsNotAnArrayIsMalformed() throws Exception {
        JsonNode vector = SendGridSignatureTest.vectors().get("nodejs");
        SendGridWebhook sdkKey =
                new SendGridWebhook(
                        SendGridSignature.of(vector.get("publicKey").asText()),
                        "bw_mailbox",
                        MAX_AGE);
        String ts = vector.get("timestamp").asText();
        WebhookRequest request =
                new WebhookRequest(
                        Map.of(
                                SendGridWebhook.SIGNATURE_HEADER,
                                List.of(vector.get("signature").asText()),
                                SendGridWebhook.TIMESTAMP_HEADER,
                                List.of(ts)),
                        vector.get("payload").asText().getBytes(StandardCharsets.UTF_8),
                        Instant.ofEpochSecond(Long.parseLong(ts)));

        assertThatThrownBy(() -> sdkKey.accept(request))
                .isInstanceOf(WebhookRefusal.class)
                .hasMessage("the body is not a JSON array of SendGrid events");
    }

    @Test
    void aRequestWithoutEitherHeaderIsUnauthenticated() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        WebhookRequest noSignature =
                new WebhookRequest(
                        Map.of(SendGridWebhook.TIMESTAMP_HEADER, List.of(ts)), body, NOW);
        WebhookRequest noTimestamp =
                new WebhookRequest(
                        Map.of(SendGridWebhook.SIGNATURE_HEADER, List.of(signer.sign(ts, body))),
                        body,
                        NOW);
        WebhookRequest blankSignature =
                new WebhookRequest(
                        Map.of(
                                SendGridWebhook.SIGNATURE_HEADER, List.of(" "),
                                SendGridWebhook.TIMESTAMP_HEADER, List.of(ts)),
                        body,
                        NOW);

        assertThatThrownBy(() -> webhook.accept(noSignature))
                .isInstanceOf(WebhookRefusal.class)
                .hasMessageContaining("no X-Twilio-Email-Event-Webhook-Signature header");
        assertThatThrownBy(() -> webhook.accept(noTimestamp))
                .isInstanceOf(WebhookRefusal.class)
                .hasMessageContaining("no X-Twilio-Email-Event-Webhook-Timestamp header");
        assertThat(status(() -> webhook.accept(noSignature))).isEqualTo(401);
        assertThat(status(() -> webhook.accept(noTimestamp))).isEqualTo(401);
        assertThat(status(() -> webhook.accept(blankSignature))).isEqualTo(401);
    }

    @Test
    void aBodyOrTimestampChangedAfterSigningIsUnauthenticated() {
        byte[] body = "[{\"event\":\"processed\"}]".getBytes(StandardCharsets.UTF_8);
        String ts = Long.toString(NOW.getEpochSecond());
        String signature = signer.sign(ts, body);
        WebhookRequest otherBody =
                new WebhookRequest(
                        Map.of(
                                SendGridWebhook.SIGNATURE_HEADER, List.of(signature),
                                SendGridWebhook.TIMESTAMP_HEADER, List.of(ts)),
                        "[{\"event\":\"bounce\"}]".getBytes(StandardCharsets.UTF_8),
                        NOW);
        WebhookRequest otherTimestamp =
                new WebhookRequest(
                        Map.of(
                                SendGridWebhook.SIGNATURE_HEADER, List.of(signature),
                                SendGridWebhook.TIMESTAMP_HEADER,
                                        List.of(Long.toString(NOW.getEpochSecond() + 1))),
                        body,
                        NOW);

        assertThatThrownBy(() -> webhook.accept(otherBody))
                .isInstanceOf(WebhookRefusal.class)
                .hasMessage("the signature does not verify with ingest.sendgrid.public-key");
        assertThat(status(() -> webhook.accept(otherBody))).isEqualTo(401);
        assertThat(status(() -> webhook.accept(otherTimestamp))).isEqualTo(401);
    }

    @Test
    void aTimestampOlderOrFurtherAheadThanMaxAgeIsForbiddenAndWithinItAccepted() {
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);

        assertThat(status(() -> webhook.accept(signed(body, NOW.minusSeconds(301), NOW))))
                .isEqualTo(403);
        assertThat(status(() -> webhook.accept(signed(body, NOW.plusSeconds(301), NOW))))
                .isEqualTo(403);
        assertThatThrownBy(() -> webhook.accept(signed(body, NOW.minus(Duration.ofHours(2)), NOW)))
                .hasMessageContaining("more than ingest.max-age (PT5M)")
                .hasMessageContaining("a replayed request");
        assertThat(status(() -> webhook.accept(signed(body, NOW.minusSeconds(300), NOW))))
                .as("not refused")
                .isZero();
    }

    @Test
    void aSignedBodyThatIsNotJsonOrATimestampThatIsNoNumberIsMalformed() {
        byte[] garbage = {(byte) 0xff, (byte) 0xfe, '[', '{', 0};
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        WebhookRequest wordTimestamp =
                new WebhookRequest(
                        Map.of(
                                SendGridWebhook.SIGNATURE_HEADER,
                                        List.of(signer.sign("yesterday", body)),
                                SendGridWebhook.TIMESTAMP_HEADER, List.of("yesterday")),
                        body,
                        NOW);

        assertThat(status(() -> accept(garbage))).isEqualTo(400);
        assertThat(status(() -> accept(new byte[0]))).isEqualTo(400);
        assertThat(status(() -> accept("{\"event\":\"bounce\"}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(400);
        assertThat(status(() -> webhook.accept(wordTimestamp))).isEqualTo(400);
    }

    // Mapping

    @Test
    void mapsTheDocumentedDeliveryEventsToSendsBouncesAndAComplaint() throws Exception {
        List<Ingested> out = accept(withSender(fixture("docs-delivery-events.json")));

        String send = "14c5d75ce93.dfd.64b469:example@test.com";
        assertThat(out)
                .extracting(SendGridWebhookTest::kindAndId)
                .containsExactly(
                        List.of(InputKind.SENDS, send),
                        List.of(InputKind.BOUNCES, send + ":deferred"),
                        List.of(InputKind.BOUNCES, "6g4ZI7SA-xmRDv57GoPIPw=="),
                        List.of(InputKind.BOUNCES, "6g4ZI7SA-xmRDv57GoPIPw=="),
                        List.of(InputKind.COMPLAINTS, "37nvH5QBz858KGVYCM4uOA=="));
        assertThat(out)
                .allSatisfy(
                        i -> {
                            assertThat(((Ingested.Event) i).key()).isEqualTo(SENDER);
                            assertThat(value(i).get("mailbox").asText()).isEqualTo(SENDER);
                            assertThat(value(i).get("recipient").asText())
                                    .isEqualTo("example@test.com");
                            assertThat(value(i).get("timestamp").asText())
                                    .isEqualTo("2017-12-15T00:59:29Z");
                        });

        JsonNode deferred = value(out.get(1));
        assertThat(deferred.get("type").asText()).isEqualTo("SOFT");
        assertThat(deferred.get("smtpCode").asInt()).isEqualTo(400);
        assertThat(deferred.get("diagnostic").asText()).isEqualTo("400 try again later");

        JsonNode bounce = value(out.get(2));
        assertThat(bounce.get("type").asText()).isEqualTo("HARD");
        assertThat(bounce.get("smtpCode").asInt()).isEqualTo(500);
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.0.0");
        assertThat(bounce.get("diagnostic").asText()).isEqualTo("500 unknown recipient");
        assertThat(value(out.get(3)).get("type").asText()).as("blocked").isEqualTo("SOFT");

        assertThat(value(out.get(4)).get("feedbackType").asText()).isEqualTo("abuse");
    }

    @Test
    void sendGridsExampleWithoutTheCustomArgumentRejectsWhatItWouldCountAndSaysHowToFixIt()
            throws Exception {
        JsonNode events = fixture("docs-all-events.json");
        List<Ingested> out = accept(JSON.writeValueAsBytes(events));

        // processed, deferred, delivered, bounce and spamreport; open, click, dropped,
        // unsubscribe and the group events are skipped.
        assertThat(out).hasSize(5).allMatch(i -> i instanceof Ingested.Rejected);
        Ingested.Rejected first = (Ingested.Rejected) out.get(0);
        assertThat(first.reason())
                .isEqualTo(
                        "a SendGrid processed event has no custom argument 'bw_mailbox' naming the"
                                + " sending mailbox: send each message with \"custom_args\":"
                                + " {\"bw_mailbox\": \"<sending address>\"} (v3 Mail Send), or"
                                + " with \"unique_args\" in the X-SMTPAPI header (SMTP)");
        assertThat(JSON.readTree(first.original())).isEqualTo(events.get(0));
        assertThat(out)
                .extracting(i -> JSON.readTree(((Ingested.Rejected) i).original()).get("event"))
                .extracting(JsonNode::asText)
                .containsExactly("processed", "deferred", "delivered", "bounce", "spamreport");
    }

    @Test
    void aRejectedEventDoesNotStopTheOthersOfItsBatch() throws Exception {
        ArrayNode events = (ArrayNode) JSON.readTree(withSender(fixture("docs-all-events.json")));
        ((ObjectNode) events.get(5)).remove("bw_mailbox");
        events.insert(0, "not an event");
        events.insert(1, JSON.createObjectNode().put("email", "x@example.com"));

        List<Ingested> out = accept(JSON.writeValueAsBytes(events));

        assertThat(out)
                .extracting(SendGridWebhookTest::kindAndId)
                .extracting(l -> l.get(0))
                .containsExactly(
                        "rejected",
                        "rejected",
                        InputKind.SENDS,
                        InputKind.BOUNCES,
                        "rejected",
                        InputKind.COMPLAINTS);
        assertThat(((Ingested.Rejected) out.get(0)).reason())
                .isEqualTo("a SendGrid event is not a JSON object");
        assertThat(((Ingested.Rejected) out.get(1)).reason())
                .isEqualTo("a SendGrid event has no 'event' field");
        assertThat(((Ingested.Rejected) out.get(4)).reason())
                .startsWith("a SendGrid bounce event has no custom argument 'bw_mailbox'");
    }

    @Test
    void theCustomArgumentIsFoundByItsConfiguredNameAtTopLevelOrInUniqueArgs() throws Exception {
        JsonNode javaSdkBounce = fixture("sdk-java-bounce.json");
        SendGridWebhook byUniqueArgKey =
                new SendGridWebhook(signer.verifier(), "unique_arg_key", MAX_AGE);

        List<Ingested> notAnAddress =
                byUniqueArgKey.accept(signed(JSON.writeValueAsBytes(javaSdkBounce), NOW, NOW));
        assertThat(notAnAddress).hasSize(1);
        assertThat(((Ingested.Rejected) notAnAddress.get(0)).reason())
                .isEqualTo(
                        "the custom argument 'unique_arg_key' of a SendGrid bounce event is not an"
                                + " address: mailbox 'unique_arg_value' has no @");

        ArrayNode displayName = javaSdkBounce.deepCopy();
        ((ObjectNode) displayName.get(0)).put("unique_arg_key", "Alice Example <Alice@ACME.io>");
        List<Ingested> named =
                byUniqueArgKey.accept(signed(JSON.writeValueAsBytes(displayName), NOW, NOW));
        assertThat(named).extracting(i -> ((Ingested.Event) i).key()).containsOnly(SENDER);

        ArrayNode nested = javaSdkBounce.deepCopy();
        ((ObjectNode) nested.get(0)).putObject("unique_args").put("bw_mailbox", SENDER);
        assertThat(accept(JSON.writeValueAsBytes(nested)))
                .extracting(SendGridWebhookTest::kindAndId)
                .containsExactly(
                        List.of(InputKind.SENDS, "sendgrid_internal_message_id:email@example.com"),
                        List.of(InputKind.BOUNCES, "sendgrid_internal_event_id"));
    }

    @Test
    void aMessageCountsAsOneSendWhateverItsEventsAndTheirNodeSuffixes() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        String[] suffixes = {
            ".filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
            ".recvd-5f54b5d587-pczjm-1-67BADEEA-6.0",
            ".stfilter-015.5185.55F883172.0",
            ""
        };
        for (String suffix : suffixes) {
            events.addObject()
                    .put("event", "delivered")
                    .put("email", "Bob@Example.com ")
                    .put("sg_event_id", "e" + suffix.length())
                    .put("sg_message_id", "LRzXl_NHStOGhQ4kofSm_A" + suffix)
                    .put("bw_mailbox", SENDER);
        }
        // A delayed bounce may carry no sg_message_id: its smtp-id names the same message.
        events.addObject()
                .put("event", "bounce")
                .put("email", "bob@example.com")
                .put("sg_event_id", "late")
                .put("smtp-id", "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>")
                .put("reason", "550 5.1.1 user unknown")
                .put("bw_mailbox", SENDER);

        assertThat(accept(JSON.writeValueAsBytes(events)))
                .extracting(SendGridWebhookTest::kindAndId)
                .containsExactly(
                        List.of(InputKind.SENDS, "LRzXl_NHStOGhQ4kofSm_A:bob@example.com"),
                        List.of(InputKind.BOUNCES, "late"));
    }

    @Test
    void anEventWithoutAMessageIdCountsNoSendAndADeferralFallsBackToItsEventId() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        events.addObject()
                .put("event", "processed")
                .put("email", "bob@example.com")
                .put("bw_mailbox", SENDER);
        events.addObject()
                .put("event", "deferred")
                .put("email", "bob@example.com")
                .put("sg_event_id", "d-1")
                .put("response", "421 4.7.28 rate limited")
                .put("bw_mailbox", SENDER);
        events.addObject()
                .put("event", "deferred")
                .put("email", "bob@example.com")
                .put("bw_mailbox", SENDER);
        events.addObject()
                .put("event", "spamreport")
                .put("email", "bob@example.com")
                .put("bw_mailbox", SENDER);

        assertThat(accept(JSON.writeValueAsBytes(events)))
                .extracting(SendGridWebhookTest::kindAndId)
                .containsExactly(
                        List.of(InputKind.BOUNCES, "d-1"),
                        List.of(
                                "rejected",
                                "a SendGrid deferred event has no 'sg_message_id', 'smtp-id' or"
                                        + " 'sg_event_id'"),
                        List.of("rejected", "a SendGrid spamreport event has no 'sg_event_id'"));
    }

    @Test
    void retriedDeferralsOfOneMessageShareOneEventId() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        for (int attempt = 1; attempt <= 3; attempt++) {
            events.addObject()
                    .put("event", "deferred")
                    .put("email", "bob@example.com")
                    .put("sg_event_id", "attempt-" + attempt)
                    .put("sg_message_id", "m-1.filter0001.16648.5515E0B88.0")
                    .put("response", "452 4.2.2 mailbox full")
                    .put("attempt", Integer.toString(attempt))
                    .put("bw_mailbox", SENDER);
        }

        assertThat(accept(JSON.writeValueAsBytes(events)))
                .extracting(SendGridWebhookTest::kindAndId)
                .containsExactly(
                        List.of(InputKind.SENDS, "m-1:bob@example.com"),
                        List.of(InputKind.BOUNCES, "m-1:bob@example.com:deferred"),
                        List.of(InputKind.BOUNCES, "m-1:bob@example.com:deferred"),
                        List.of(InputKind.BOUNCES, "m-1:bob@example.com:deferred"));
    }

    @Test
    void aRedeliveredRequestYieldsTheSameEvents() throws Exception {
        byte[] body = withSender(fixture("docs-delivery-events.json"));
        List<Ingested> first = accept(body);
        List<Ingested> again =
                webhook.accept(signed(body, NOW.plusSeconds(60), NOW.plusSeconds(61)));

        assertThat(again).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(value(again.get(i))).isEqualTo(value(first.get(i)));
        }
    }

    // Classification: the reply decides first, SendGrid's classification only when it says nothing

    private static Map<String, Category> classified(List<Ingested> out) {
        BounceClassifier classifier = new BounceClassifier();
        Map<String, Category> categories = new LinkedHashMap<>();
        for (Ingested i : out) {
            if (i instanceof Ingested.Event e && e.kind() == InputKind.BOUNCES) {
                JsonNode b = value(e);
                categories.put(
                        b.get("eventId").asText(),
                        classifier
                                .classify(
                                        new BounceFacts(
                                                b.path("category").asText(null),
                                                b.path("diagnostic").asText(null),
                                                b.path("enhancedStatus").asText(null),
                                                b.has("smtpCode")
                                                        ? b.get("smtpCode").asInt()
                                                        : null,
                                                BounceType.valueOf(b.get("type").asText()),
                                                b.path("recipient").asText(null),
                                                null,
                                                null))
                                .category());
            }
        }
        return categories;
    }

    private static ObjectNode bounce(
            ArrayNode events, String id, String type, String reason, String classification) {
        ObjectNode e =
                events.addObject()
                        .put("event", "bounce")
                        .put("type", type)
                        .put("email", "bob@gmail.com")
                        .put("sg_event_id", id)
                        .put("sg_message_id", id + ".filter0001.1.2.0")
                        .put("reason", reason)
                        .put("status", "5.0.0")
                        .put("bw_mailbox", SENDER);
        if (classification != null) {
            e.put("bounce_classification", classification);
        }
        return e;
    }

    @Test
    void aReputationBlockIsNeverAnInvalidAddressWhateverSendGridCallsIt() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        String gmailBlock =
                "550-5.7.1 [203.0.113.7] Gmail has detected that this message is likely suspicious"
                        + " due to the very low reputation of the sending domain.";
        bounce(events, "blocked", "blocked", gmailBlock, "Reputation");
        bounce(events, "misnamed", "bounce", gmailBlock, "Invalid Address");
        bounce(events, "unknown", "bounce", "550 5.1.1 user unknown", "Invalid Address");

        List<Ingested> out = accept(JSON.writeValueAsBytes(events));

        assertThat(classified(out))
                .containsExactly(
                        Map.entry("blocked", Category.REPUTATION),
                        Map.entry("misnamed", Category.REPUTATION),
                        Map.entry("unknown", Category.LIST));
        assertThat(out)
                .filteredOn(i -> ((Ingested.Event) i).kind() == InputKind.BOUNCES)
                .allSatisfy(i -> assertThat(value(i).has("category")).isFalse());
    }

    @Test
    void sendGridsClassificationDecidesOnlyWhenTheReplySaysNothingKnown() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        String vague = "The remote server gave no reason";
        bounce(events, "invalid", "bounce", vague, "Invalid Address");
        bounce(events, "reputation", "blocked", vague, "Reputation");
        bounce(events, "content", "blocked", vague, "Content");
        bounce(events, "volume", "blocked", vague, "Frequency or Volume Too High");
        bounce(events, "unavailable", "bounce", vague, "Mailbox Unavailable");
        bounce(events, "technical", "bounce", vague, "Technical Failure");
        bounce(events, "unclassified-hard", "bounce", vague, "Unclassified");
        bounce(events, "unclassified-soft", "blocked", vague, "Unclassified");
        bounce(events, "none", "bounce", vague, null);

        List<Ingested> out = accept(JSON.writeValueAsBytes(events));

        assertThat(classified(out))
                .containsExactly(
                        Map.entry("invalid", Category.LIST),
                        Map.entry("reputation", Category.REPUTATION),
                        Map.entry("content", Category.REPUTATION),
                        Map.entry("volume", Category.THROTTLE),
                        Map.entry("unavailable", Category.TRANSIENT),
                        Map.entry("technical", Category.TRANSIENT),
                        Map.entry("unclassified-hard", Category.UNKNOWN),
                        Map.entry("unclassified-soft", Category.TRANSIENT),
                        Map.entry("none", Category.UNKNOWN));
        List<Object> written = new ArrayList<>();
        out.stream()
                .filter(i -> ((Ingested.Event) i).kind() == InputKind.BOUNCES)
                .forEach(i -> written.add(value(i).path("category").asText("-")));
        assertThat(written)
                .containsExactly(
                        "LIST",
                        "REPUTATION",
                        "REPUTATION",
                        "THROTTLE",
                        "TRANSIENT",
                        "TRANSIENT",
                        "-",
                        "-",
                        "-");
    }

    @Test
    void theCodesWrittenInTheReplyComeBeforeSendGridsGenericStatus() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        bounce(events, "b-1", "bounce", "550 5.1.1 The email account does not exist", null);

        JsonNode bounce = value(accept(JSON.writeValueAsBytes(events)).get(1));

        assertThat(bounce.get("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.1.1");
    }

    @Test
    void namesTheProviderCategoryOfEachDocumentedClassification() {
        assertThat(SendGridWebhook.providerCategory("Invalid Address")).isEqualTo(Category.LIST);
        assertThat(SendGridWebhook.providerCategory(" reputation ")).isEqualTo(Category.REPUTATION);
        assertThat(SendGridWebhook.providerCategory("Unclassified")).isNull();
        assertThat(SendGridWebhook.providerCategory("Something New")).isNull();
        assertThat(SendGridWebhook.providerCategory(null)).isNull();
    }

    @Test
    void skipsEngagementDropsAndAccountEventsEvenWithoutTheCustomArgument() throws Exception {
        ArrayNode events = JSON.createArrayNode();
        for (String kind :
                new String[] {
                    "open",
                    "click",
                    "dropped",
                    "unsubscribe",
                    "group_unsubscribe",
                    "group_resubscribe",
                    "account_status_change"
                }) {
            events.addObject().put("event", kind).put("email", "bob@example.com");
        }
        assertThat(accept(JSON.writeValueAsBytes(events))).isEmpty();
        assertThat(accept("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
