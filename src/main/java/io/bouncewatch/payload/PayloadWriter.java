package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the output JSON of CONTRACT.md field by field, in a fixed order. Window counters carry at
 * most two decimals and ratios four; whole numbers are written without a fraction (50, not 50.0).
 */
public final class PayloadWriter {

    private static final JsonFactory JSON = new JsonFactory();

    // The field names of mailbox.status, written on every event: quoted and encoded once.
    private static final SerializableString MAILBOX = new SerializedString("mailbox");
    private static final SerializableString DOMAIN = new SerializedString("domain");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString WINDOW_SENDS = new SerializedString("windowSends");
    private static final SerializableString WINDOW_BOUNCES = new SerializedString("windowBounces");
    private static final SerializableString WINDOW_COMPLAINTS = new SerializedString("windowComplaints");
    private static final SerializableString BOUNCE_RATE = new SerializedString("bounceRate");
    private static final SerializableString TOTAL_SENDS = new SerializedString("totalSends");
    private static final SerializableString TOTAL_BOUNCES = new SerializedString("totalBounces");
    private static final SerializableString TOTAL_COMPLAINTS = new SerializedString("totalComplaints");
    private static final SerializableString RISK_SCORE = new SerializedString("riskScore");
    private static final SerializableString COOLDOWN_UNTIL = new SerializedString("cooldownUntil");
    private static final SerializableString SENDING_ALLOWED = new SerializedString("sendingAllowed");
    private static final SerializableString BLOCKED_BY = new SerializedString("blockedBy");
    private static final SerializableString PROBATION_SENDS_REMAINING = new SerializedString("probationSendsRemaining");
    private static final SerializableString LAST_EVENT_AT = new SerializedString("lastEventAt");

    private PayloadWriter() {
    }

    public static byte[] write(MailboxHealth h) {
        return generate(g -> {
            writeString(g, MAILBOX, h.mailbox());
            writeString(g, DOMAIN, h.domain());
            writeString(g, STATUS, h.status().name());
            writeString(g, REASON, h.reason() == null ? null : h.reason().name());
            writeDecimal(g, WINDOW_SENDS, h.windowSends(), 100);
            writeDecimal(g, WINDOW_BOUNCES, h.windowBounces(), 100);
            writeDecimal(g, WINDOW_COMPLAINTS, h.windowComplaints(), 100);
            writeDecimal(g, BOUNCE_RATE, h.bounceRate(), 10_000);
            g.writeFieldName(TOTAL_SENDS);
            g.writeNumber(h.totalSends());
            g.writeFieldName(TOTAL_BOUNCES);
            g.writeNumber(h.totalBounces());
            g.writeFieldName(TOTAL_COMPLAINTS);
            g.writeNumber(h.totalComplaints());
            g.writeFieldName(RISK_SCORE);
            g.writeNumber(h.riskScore());
            writeString(g, COOLDOWN_UNTIL, h.cooldownUntil() == null ? null : instant(h.cooldownUntil()));
            g.writeFieldName(SENDING_ALLOWED);
            g.writeBoolean(h.sendingAllowed());
            writeString(g, BLOCKED_BY, h.blockedBy() == null ? null : h.blockedBy().name());
            g.writeFieldName(PROBATION_SENDS_REMAINING);
            g.writeNumber(h.probationSendsRemaining());
            writeString(g, LAST_EVENT_AT, h.lastEventAt() == null ? null : instant(h.lastEventAt()));
        });
    }

    public static byte[] write(DomainHealth h) {
        return generate(g -> {
            g.writeStringField("domain", h.domain());
            g.writeStringField("status", h.status().name());
            writeNullableString(g, "reason", h.reason() == null ? null : h.reason().name());
            g.writeNumberField("totalMailboxes", h.totalMailboxes());
            g.writeNumberField("unhealthyMailboxes", h.unhealthyMailboxes());
            writeDecimal(g, "unhealthyRatio", h.unhealthyRatio(), 10_000);
            writeDecimal(g, "averageRiskScore", h.averageRiskScore(), 100);
            g.writeBooleanField("operatorPaused", h.operatorPaused());
        });
    }

    public static byte[] write(StatusChange change) {
        return generate(g -> {
            if (change instanceof StatusChange.OfMailbox m) {
                g.writeStringField("entity", "MAILBOX");
                g.writeStringField("id", m.id());
                g.writeStringField("domain", m.domain());
                writeTransition(g, m);
                writeDecimal(g, "windowSends", m.windowSends(), 100);
                writeDecimal(g, "windowBounces", m.windowBounces(), 100);
                writeDecimal(g, "windowComplaints", m.windowComplaints(), 100);
                writeDecimal(g, "bounceRate", m.bounceRate(), 10_000);
                writeInstant(g, "cooldownUntil", m.cooldownUntil());
                writeNullableString(g, "causeEventId", m.causeEventId());
            } else if (change instanceof StatusChange.OfDomain d) {
                g.writeStringField("entity", "DOMAIN");
                g.writeStringField("id", d.id());
                writeTransition(g, d);
                g.writeNumberField("totalMailboxes", d.totalMailboxes());
                g.writeNumberField("unhealthyMailboxes", d.unhealthyMailboxes());
                writeDecimal(g, "unhealthyRatio", d.unhealthyRatio(), 10_000);
            }
        });
    }

    private static void writeTransition(JsonGenerator g, StatusChange c) throws IOException {
        g.writeStringField("from", c.from().name());
        g.writeStringField("to", c.to().name());
        g.writeStringField("reason", c.reason().name());
        writeInstant(g, "at", c.at());
    }

    /** ISO-8601 UTC, the way CONTRACT.md writes timestamps. */
    public static String instant(long epochMillis) {
        return IsoInstant.format(epochMillis);
    }

    /** {@code value} rounded half-up to {@code 1 / scale}. */
    public static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }

    private static void writeDecimal(JsonGenerator g, String field, double value, int scale) throws IOException {
        g.writeFieldName(field);
        writeDecimal(g, value, scale);
    }

    private static void writeDecimal(JsonGenerator g, SerializableString field, double value, int scale)
            throws IOException {
        g.writeFieldName(field);
        writeDecimal(g, value, scale);
    }

    private static void writeDecimal(JsonGenerator g, double value, int scale) throws IOException {
        double rounded = round(value, scale);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            g.writeNumber((long) rounded);
        } else {
            g.writeNumber(rounded);
        }
    }

    /** A string field; null writes a JSON null. */
    private static void writeString(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private static void writeInstant(JsonGenerator g, String field, Long epochMillis) throws IOException {
        writeNullableString(g, field, epochMillis == null ? null : instant(epochMillis));
    }

    private static void writeNullableString(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private static byte[] generate(Fields fields) {
        // Room for a whole health record with typical addresses, so the buffer never grows.
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }
}
