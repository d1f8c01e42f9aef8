package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the output JSON of CONTRACT.md field by field, in a fixed order. Window counters carry at
 * most two decimals and ratios four; whole numbers are written without a fraction (50, not 50.0).
 */
public final class PayloadWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private PayloadWriter() {
    }

    public static byte[] write(MailboxHealth h) {
        return generate(g -> {
            g.writeStringField("mailbox", h.mailbox());
            g.writeStringField("domain", h.domain());
            g.writeStringField("status", h.status().name());
            writeNullableString(g, "reason", h.reason() == null ? null : h.reason().name());
            writeDecimal(g, "windowSends", h.windowSends(), 100);
            writeDecimal(g, "windowBounces", h.windowBounces(), 100);
            writeDecimal(g, "windowComplaints", h.windowComplaints(), 100);
            writeDecimal(g, "bounceRate", h.bounceRate(), 10_000);
            g.writeNumberField("totalSends", h.totalSends());
            g.writeNumberField("totalBounces", h.totalBounces());
            g.writeNumberField("totalComplaints", h.totalComplaints());
            g.writeNumberField("riskScore", h.riskScore());
            writeInstant(g, "cooldownUntil", h.cooldownUntil());
            g.writeBooleanField("sendingAllowed", h.sendingAllowed());
            writeNullableString(g, "blockedBy", h.blockedBy() == null ? null : h.blockedBy().name());
            g.writeNumberField("probationSendsRemaining", h.probationSendsRemaining());
            writeInstant(g, "lastEventAt", h.lastEventAt());
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
        double rounded = round(value, scale);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            g.writeNumberField(field, (long) rounded);
        } else {
            g.writeNumberField(field, rounded);
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
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
