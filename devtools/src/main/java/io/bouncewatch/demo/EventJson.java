package io.bouncewatch.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The input events of docs/interface.md §1.2 as JSON, written with Jackson so every string is
 * escaped.
 */
final class EventJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    static String send(
            String eventId, String mailbox, String recipient, Instant at, String campaignId) {
        return write(
                g -> {
                    common(g, eventId, mailbox, recipient, at);
                    g.writeStringField("campaignId", campaignId);
                });
    }

    static String hardBounce(String eventId, String mailbox, String recipient, Instant at) {
        return write(
                g -> {
                    common(g, eventId, mailbox, recipient, at);
                    g.writeStringField("type", "HARD");
                    g.writeNumberField("smtpCode", 550);
                    g.writeStringField("enhancedStatus", "5.1.1");
                    g.writeStringField(
                            "diagnostic",
                            "550 5.1.1 <"
                                    + recipient
                                    + ">: Recipient address rejected: User unknown");
                });
    }

    static String softBounce(String eventId, String mailbox, String recipient, Instant at) {
        return write(
                g -> {
                    common(g, eventId, mailbox, recipient, at);
                    g.writeStringField("type", "SOFT");
                    g.writeNumberField("smtpCode", 452);
                    g.writeStringField("enhancedStatus", "4.2.2");
                    g.writeStringField("diagnostic", "mailbox full");
                });
    }

    static String complaint(String eventId, String mailbox, String recipient, Instant at) {
        return write(
                g -> {
                    common(g, eventId, mailbox, recipient, at);
                    g.writeStringField("feedbackType", "abuse");
                });
    }

    private static void common(
            JsonGenerator g, String eventId, String mailbox, String recipient, Instant at)
            throws IOException {
        g.writeStringField("eventId", eventId);
        g.writeStringField("mailbox", mailbox);
        g.writeStringField("recipient", recipient);
        g.writeStringField("timestamp", at.toString());
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Fields fields) {
        StringWriter out = new StringWriter(192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write demo event", e);
        }
        return out.toString();
    }
}
