package io.bouncewatch.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the output JSON of docs/interface.md §1.3 field by field, in a fixed order, with Jackson's
 * generator ({@link Json#FACTORY}): UTF-8, strings escaped as RFC 8259 asks. Window counters carry
 * at most two decimals and ratios four; whole numbers are written without a fraction (50, not
 * 50.0).
 */
public final class PayloadWriter {

    private static final SerializableString MAILBOX = new SerializedString("mailbox");
    private static final SerializableString DOMAIN = new SerializedString("domain");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString REASON = new SerializedString("reason");
    private static final SerializableString WINDOW_SENDS = new SerializedString("windowSends");
    private static final SerializableString WINDOW_BOUNCES = new SerializedString("windowBounces");
    private static final SerializableString WINDOW_COMPLAINTS =
            new SerializedString("windowComplaints");
    private static final SerializableString BOUNCE_RATE = new SerializedString("bounceRate");
    private static final SerializableString TOTAL_SENDS = new SerializedString("totalSends");
    private static final SerializableString TOTAL_BOUNCES = new SerializedString("totalBounces");
    private static final SerializableString TOTAL_COMPLAINTS =
            new SerializedString("totalComplaints");
    private static final SerializableString RISK_SCORE = new SerializedString("riskScore");
    private static final SerializableString COOLDOWN_UNTIL = new SerializedString("cooldownUntil");
    private static final SerializableString SENDING_ALLOWED =
            new SerializedString("sendingAllowed");
    private static final SerializableString BLOCKED_BY = new SerializedString("blockedBy");
    private static final SerializableString PROBATION_SENDS_REMAINING =
            new SerializedString("probationSendsRemaining");
    private static final SerializableString LAST_EVENT_AT = new SerializedString("lastEventAt");
    private static final SerializableString TOTAL_MAILBOXES =
            new SerializedString("totalMailboxes");
    private static final SerializableString UNHEALTHY_MAILBOXES =
            new SerializedString("unhealthyMailboxes");
    private static final SerializableString UNHEALTHY_RATIO =
            new SerializedString("unhealthyRatio");
    private static final SerializableString AVERAGE_RISK_SCORE =
            new SerializedString("averageRiskScore");
    private static final SerializableString OPERATOR_PAUSED =
            new SerializedString("operatorPaused");
    private static final SerializableString OPERATOR = new SerializedString("operator");
    private static final SerializableString NOTE = new SerializedString("note");
    private static final SerializableString ENTITY = new SerializedString("entity");
    private static final SerializableString ID = new SerializedString("id");
    private static final SerializableString FROM = new SerializedString("from");
    private static final SerializableString TO = new SerializedString("to");
    private static final SerializableString AT = new SerializedString("at");
    private static final SerializableString CAUSE_EVENT_ID = new SerializedString("causeEventId");

    /** Room for a whole health record with typical addresses, so the buffer never grows. */
    private static final int TYPICAL_SIZE = 512;

    private PayloadWriter() {}

    public static byte[] write(MailboxHealth h) {
        return bytes(g -> write(h, g));
    }

    public static byte[] write(DomainHealth h) {
        return bytes(g -> write(h, g));
    }

    public static byte[] write(StatusChange change) {
        return bytes(
                g -> {
                    g.writeStartObject();
                    if (change instanceof StatusChange.OfMailbox m) {
                        field(g, ENTITY, "MAILBOX");
                        field(g, ID, m.id());
                        field(g, DOMAIN, m.domain());
                        transition(g, m);
                        decimal(g, WINDOW_SENDS, m.windowSends(), 100);
                        decimal(g, WINDOW_BOUNCES, m.windowBounces(), 100);
                        decimal(g, WINDOW_COMPLAINTS, m.windowComplaints(), 100);
                        decimal(g, BOUNCE_RATE, m.bounceRate(), 10_000);
                        field(g, COOLDOWN_UNTIL, instant(m.cooldownUntil()));
                        field(g, CAUSE_EVENT_ID, m.causeEventId());
                    } else if (change instanceof StatusChange.OfDomain d) {
                        field(g, ENTITY, "DOMAIN");
                        field(g, ID, d.id());
                        transition(g, d);
                        field(g, TOTAL_MAILBOXES, d.totalMailboxes());
                        field(g, UNHEALTHY_MAILBOXES, d.unhealthyMailboxes());
                        decimal(g, UNHEALTHY_RATIO, d.unhealthyRatio(), 10_000);
                    }
                    g.writeEndObject();
                });
    }

    /** Writes {@code h} as the next value of {@code g}, e.g. an item of a list. */
    public static void write(MailboxHealth h, JsonGenerator g) throws IOException {
        g.writeStartObject();
        field(g, MAILBOX, h.mailbox());
        field(g, DOMAIN, h.domain());
        field(g, STATUS, h.status().name());
        field(g, REASON, h.reason() == null ? null : h.reason().name());
        decimal(g, WINDOW_SENDS, h.windowSends(), 100);
        decimal(g, WINDOW_BOUNCES, h.windowBounces(), 100);
        decimal(g, WINDOW_COMPLAINTS, h.windowComplaints(), 100);
        decimal(g, BOUNCE_RATE, h.bounceRate(), 10_000);
        field(g, TOTAL_SENDS, h.totalSends());
        field(g, TOTAL_BOUNCES, h.totalBounces());
        field(g, TOTAL_COMPLAINTS, h.totalComplaints());
        field(g, RISK_SCORE, h.riskScore());
        field(g, COOLDOWN_UNTIL, instant(h.cooldownUntil()));
        g.writeFieldName(SENDING_ALLOWED);
        g.writeBoolean(h.sendingAllowed());
        field(g, BLOCKED_BY, h.blockedBy() == null ? null : h.blockedBy().name());
        field(g, PROBATION_SENDS_REMAINING, h.probationSendsRemaining());
        field(g, LAST_EVENT_AT, instant(h.lastEventAt()));
        field(g, OPERATOR, h.operator());
        field(g, NOTE, h.note());
        g.writeEndObject();
    }

    /** Writes {@code h} as the next value of {@code g}, e.g. an item of a list. */
    public static void write(DomainHealth h, JsonGenerator g) throws IOException {
        g.writeStartObject();
        field(g, DOMAIN, h.domain());
        field(g, STATUS, h.status().name());
        field(g, REASON, h.reason() == null ? null : h.reason().name());
        field(g, TOTAL_MAILBOXES, h.totalMailboxes());
        field(g, UNHEALTHY_MAILBOXES, h.unhealthyMailboxes());
        decimal(g, UNHEALTHY_RATIO, h.unhealthyRatio(), 10_000);
        decimal(g, AVERAGE_RISK_SCORE, h.averageRiskScore(), 100);
        g.writeFieldName(OPERATOR_PAUSED);
        g.writeBoolean(h.operatorPaused());
        field(g, OPERATOR, h.operator());
        field(g, NOTE, h.note());
        g.writeEndObject();
    }

    private static void transition(JsonGenerator g, StatusChange c) throws IOException {
        field(g, FROM, c.from().name());
        field(g, TO, c.to().name());
        field(g, REASON, c.reason().name());
        field(g, OPERATOR, c.operator());
        field(g, NOTE, c.note());
        field(g, AT, instant(c.at()));
    }

    private static void field(JsonGenerator g, SerializableString name, String value)
            throws IOException {
        g.writeFieldName(name);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private static void field(JsonGenerator g, SerializableString name, long value)
            throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    /**
     * {@code value} rounded half-up to {@code 1 / scale}: a whole number without a fraction (50,
     * not 50.0), anything else as {@link Double#toString} writes it.
     */
    private static void decimal(JsonGenerator g, SerializableString name, double value, int scale)
            throws IOException {
        g.writeFieldName(name);
        double rounded = round(value, scale);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            g.writeNumber((long) rounded);
        } else {
            g.writeNumber(rounded);
        }
    }

    private static byte[] bytes(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_SIZE);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            // Only the generator could fail here, not the in-memory stream.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** ISO-8601 UTC, the way docs/interface.md §1.3 writes timestamps. */
    public static String instant(long epochMillis) {
        return IsoInstant.format(epochMillis);
    }

    private static String instant(Long epochMillis) {
        return epochMillis == null ? null : instant(epochMillis.longValue());
    }

    /** {@code value} rounded half-up to {@code 1 / scale}. */
    private static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
