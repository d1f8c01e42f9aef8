package io.bouncewatch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.input.InputKind;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Writes input events as a sender would publish them (docs/interface.md §1.1), so that what an
 * ingest source reports passes the same parser, classifier, rules and dead-letter checks as every
 * event.
 */
public final class InputEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InputEvents() {}

    /** A message handed to the mail server. */
    public static Ingested.Event send(
            String eventId, String mailbox, String recipient, Instant at, String campaignId) {
        ObjectNode e = common(eventId, mailbox, recipient, at);
        putIfPresent(e, "campaignId", campaignId);
        return event(InputKind.SENDS, mailbox, e);
    }

    /** A bounce, with whatever of the reply the report carries. */
    public static Ingested.Event bounce(BounceReport b) {
        ObjectNode e = common(b.eventId(), b.mailbox(), b.recipient(), b.at());
        if (b.type() != null) {
            e.put("type", b.type().name());
        }
        if (b.smtpCode() != null) {
            e.put("smtpCode", b.smtpCode());
        }
        putIfPresent(e, "enhancedStatus", b.enhancedStatus());
        putIfPresent(e, "diagnostic", b.diagnostic());
        putIfPresent(e, "remoteMta", b.remoteMta());
        if (b.category() != null) {
            e.put("category", b.category().name());
        }
        return event(InputKind.BOUNCES, b.mailbox(), e);
    }

    /** A spam complaint; {@code feedbackType} as ARF names it ({@code abuse}), or null. */
    public static Ingested.Event complaint(
            String eventId, String mailbox, String recipient, Instant at, String feedbackType) {
        ObjectNode e = common(eventId, mailbox, recipient, at);
        putIfPresent(e, "feedbackType", feedbackType);
        return event(InputKind.COMPLAINTS, mailbox, e);
    }

    private static ObjectNode common(String eventId, String mailbox, String recipient, Instant at) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(mailbox, "mailbox");
        ObjectNode e = JSON.createObjectNode();
        e.put("eventId", eventId);
        e.put("mailbox", mailbox);
        putIfPresent(e, "recipient", recipient);
        if (at != null) {
            e.put("timestamp", at.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return e;
    }

    private static void putIfPresent(ObjectNode e, String field, String value) {
        if (value != null && !value.isBlank()) {
            e.put(field, value);
        }
    }

    private static Ingested.Event event(InputKind kind, String mailbox, ObjectNode e) {
        try {
            return new Ingested.Event(kind, mailbox, JSON.writeValueAsBytes(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
