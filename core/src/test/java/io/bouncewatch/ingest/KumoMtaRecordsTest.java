package io.bouncewatch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.input.InputKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KumoMtaRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Ingested> read(byte[] record) {
        KumoMtaRecords.Read read = KumoMtaRecords.read(record);
        assertThat(read).isInstanceOf(KumoMtaRecords.Read.Recognised.class);
        return ((KumoMtaRecords.Read.Recognised) read).items();
    }

    private static JsonNode json(Ingested item) {
        try {
            return JSON.readTree(((Ingested.Event) item).value());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode fixture(String file) throws IOException {
        return (ObjectNode) JSON.readTree(Fixtures.bytes("kumomta/" + file));
    }

    @Test
    void theDocumentedDeliveryRecordIsASendOfItsMessageAndRecipient() {
        List<Ingested> items = read(Fixtures.bytes("kumomta/delivery.json"));

        assertThat(items).hasSize(1);
        Ingested.Event send = (Ingested.Event) items.get(0);
        assertThat(send.kind()).isEqualTo(InputKind.SENDS);
        assertThat(send.key()).isEqualTo("user@sender.example.com");
        JsonNode e = json(send);
        assertThat(e.get("eventId").asText())
                .isEqualTo("1d98076abbbc11ed940250ebf67f93bd:user@recipient.example.com");
        assertThat(e.get("recipient").asText()).isEqualTo("user@recipient.example.com");
        assertThat(e.get("timestamp").asText()).isEqualTo("2023-03-06T02:28:11Z");
    }

    @Test
    void aReceptionIsTheSameSendAsTheDeliveryOfTheMessage() throws IOException {
        ObjectNode reception = fixture("delivery.json");
        reception.put("type", "Reception");

        assertThat(json(read(JSON.writeValueAsBytes(reception)).get(0)).get("eventId"))
                .isEqualTo(
                        json(read(Fixtures.bytes("kumomta/delivery.json")).get(0)).get("eventId"));
    }

    @Test
    void aBounceIsASendAndAHardBounceWithTheWholeReply() {
        List<Ingested> items = read(Fixtures.bytes("kumomta/bounce-user-unknown.json"));

        assertThat(items)
                .extracting(i -> ((Ingested.Event) i).kind())
                .containsExactly(InputKind.SENDS, InputKind.BOUNCES);
        JsonNode bounce = json(items.get(1));
        assertThat(bounce.get("eventId").asText())
                .isEqualTo("4f0c2a8ebbc611eda12250ebf67f93bd:nobody@recipient.example.com:bounce");
        assertThat(bounce.get("type").asText()).isEqualTo("HARD");
        assertThat(bounce.get("smtpCode").asInt()).isEqualTo(550);
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(bounce.get("diagnostic").asText()).startsWith("The email account");
        assertThat(bounce.get("remoteMta").asText()).isEqualTo("gmail-smtp-in.l.google.com");
        assertThat(bounce.has("category"))
                .as("the reply decides: KumoMTA's own classification is only a fallback")
                .isFalse();
    }

    @Test
    void kumoMtasClassificationIsTheCategoryOnlyWhenTheReplySaysNothingKnown() throws IOException {
        ObjectNode record = fixture("bounce-user-unknown.json");
        ObjectNode response = (ObjectNode) record.get("response");
        response.remove("enhanced_code");
        response.put("code", 554);
        response.put("content", "rejected");

        JsonNode bounce = json(read(JSON.writeValueAsBytes(record)).get(1));

        assertThat(bounce.get("category").asText()).isEqualTo("LIST");
    }

    @Test
    void aBounceWithoutKumoMtasClassificationIsStillASendAndABounce() throws IOException {
        ObjectNode record = fixture("bounce-user-unknown.json");
        record.remove("bounce_classification");

        List<Ingested> items = read(JSON.writeValueAsBytes(record));

        assertThat(items)
                .extracting(i -> ((Ingested.Event) i).kind())
                .containsExactly(InputKind.SENDS, InputKind.BOUNCES);
        JsonNode bounce = json(items.get(1));
        assertThat(bounce.get("enhancedStatus").asText()).isEqualTo("5.1.1");
        assertThat(bounce.has("category")).isFalse();
    }

    @Test
    void theRepositorysTransientFailureIsASendAndASoftDeferralCountedOncePerMessage() {
        List<Ingested> items = read(Fixtures.bytes("kumomta/transient-failure.json"));

        JsonNode deferral = json(items.get(1));
        assertThat(deferral.get("eventId").asText())
                .isEqualTo("1d98076abbbc11ed940250ebf67f93bd:user@yahoo.com:deferred");
        assertThat(deferral.get("type").asText()).isEqualTo("SOFT");
        assertThat(deferral.get("smtpCode").asInt()).isEqualTo(421);
        assertThat(deferral.get("enhancedStatus").asText()).isEqualTo("4.7.0");
        assertThat(deferral.get("diagnostic").asText()).contains("[TSS04]");
    }

    @Test
    void anExpirationIsATransientSoftBounceWithoutASend() throws IOException {
        ObjectNode record = fixture("transient-failure.json");
        record.put("type", "Expiration");
        ObjectNode response = (ObjectNode) record.get("response");
        response.remove("enhanced_code");
        response.put("code", 551);
        response.put("content", "Next delivery time would be beyond the expiry time");

        List<Ingested> items = read(JSON.writeValueAsBytes(record));

        assertThat(items).hasSize(1);
        JsonNode bounce = json(items.get(0));
        assertThat(bounce.get("eventId").asText()).endsWith(":expired");
        assertThat(bounce.get("type").asText()).isEqualTo("SOFT");
        assertThat(bounce.get("category").asText()).isEqualTo("TRANSIENT");
    }

    @Test
    void theDocumentedFeedbackReportIsAComplaintAboutTheOriginalSenderAndRecipient() {
        List<Ingested> items = read(Fixtures.bytes("kumomta/feedback.json"));

        assertThat(items).hasSize(1);
        Ingested.Event complaint = (Ingested.Event) items.get(0);
        assertThat(complaint.kind()).isEqualTo(InputKind.COMPLAINTS);
        assertThat(complaint.key()).isEqualTo("somesender@example.net");
        JsonNode e = json(complaint);
        assertThat(e.get("recipient").asText()).isEqualTo("user@example.com");
        assertThat(e.get("feedbackType").asText()).isEqualTo("abuse");
        assertThat(e.get("eventId").asText())
                .isEqualTo("7c1e22d0bbc711eda12250ebf67f93bd:feedback");
    }

    @Test
    void aRecordOfACountedTypeWithoutASenderIsRejectedSayingSo() throws IOException {
        ObjectNode record = fixture("bounce-user-unknown.json");
        record.remove("sender");

        List<Ingested> items = read(JSON.writeValueAsBytes(record));

        assertThat(items).singleElement().isInstanceOf(Ingested.Rejected.class);
        assertThat(((Ingested.Rejected) items.get(0)).reason())
                .isEqualTo("a KumoMTA Bounce record without a valid sender");
    }

    @Test
    void aRecipientListOfABatchIsASendAndABouncePerRecipient() throws IOException {
        // KumoMTA's batch handling (since 2025.12.02) writes the recipients of a batch as a list.
        ObjectNode record = fixture("bounce-user-unknown.json");
        record.putArray("recipient")
                .add("nobody@recipient.example.com")
                .add("<Other@Recipient.example.com>");

        List<Ingested> items = read(JSON.writeValueAsBytes(record));

        assertThat(items)
                .extracting(i -> ((Ingested.Event) i).kind())
                .containsExactly(
                        InputKind.SENDS, InputKind.BOUNCES, InputKind.SENDS, InputKind.BOUNCES);
        assertThat(items)
                .extracting(i -> json(i).get("eventId").asText())
                .containsExactly(
                        "4f0c2a8ebbc611eda12250ebf67f93bd:nobody@recipient.example.com",
                        "4f0c2a8ebbc611eda12250ebf67f93bd:nobody@recipient.example.com:bounce",
                        "4f0c2a8ebbc611eda12250ebf67f93bd:other@recipient.example.com",
                        "4f0c2a8ebbc611eda12250ebf67f93bd:other@recipient.example.com:bounce");
        assertThat(json(items.get(3)).get("enhancedStatus").asText()).isEqualTo("5.1.1");
        items.forEach(IngestedEvents::decoded);
    }

    @Test
    void aRecipientListWithoutAnAddressIsRejectedSayingSo() throws IOException {
        ObjectNode record = fixture("delivery.json");
        record.putArray("recipient").add("").addNull();

        List<Ingested> items = read(JSON.writeValueAsBytes(record));

        assertThat(items).singleElement().isInstanceOf(Ingested.Rejected.class);
        assertThat(((Ingested.Rejected) items.get(0)).reason())
                .isEqualTo("a KumoMTA Delivery record without a valid recipient");
    }

    @Test
    void aRecordOfTheNullSenderCountsForNoMailboxAndIsIgnored() throws IOException {
        for (String sender : List.of("", "<>")) {
            ObjectNode record = fixture("bounce-user-unknown.json");
            record.put("sender", sender);

            assertThat(KumoMtaRecords.read(JSON.writeValueAsBytes(record)))
                    .as(sender)
                    .isInstanceOf(KumoMtaRecords.Read.Ignored.class);
        }
    }

    @Test
    void otherTypesAndOtherValuesAreIgnored() throws IOException {
        for (String type : List.of("AdminBounce", "Rejection", "Delay", "Any")) {
            ObjectNode record = fixture("bounce-user-unknown.json");
            record.put("type", type);
            assertThat(KumoMtaRecords.read(JSON.writeValueAsBytes(record)))
                    .as(type)
                    .isInstanceOf(KumoMtaRecords.Read.Ignored.class);
        }
        for (String value : List.of("not json", "[1,2]", "{\"id\":\"x\"}", "")) {
            assertThat(KumoMtaRecords.read(value.getBytes(StandardCharsets.UTF_8)))
                    .as(value)
                    .isInstanceOf(KumoMtaRecords.Read.Ignored.class);
        }
    }
}
