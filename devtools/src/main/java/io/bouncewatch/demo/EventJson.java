package io.bouncewatch.demo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.bouncewatch.rules.BounceFacts;
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

    /** A bounce with what a producer reports of it; fields it has no value for are left out. */
    static String bounce(String eventId, String mailbox, Instant at, BounceFacts facts) {
        return write(
                g -> {
                    common(g, eventId, mailbox, facts.recipient(), at);
                    optional(g, "category", facts.producerCategory());
                    optional(g, "type", facts.type() == null ? null : facts.type().name());
                    if (facts.smtpCode() != null) {
                        g.writeNumberField("smtpCode", facts.smtpCode());
                    }
                    optional(g, "enhancedStatus", facts.enhancedStatus());
                    optional(g, "diagnostic", facts.diagnostic());
                    optional(g, "remoteMta", facts.remoteMta());
                });
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
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
