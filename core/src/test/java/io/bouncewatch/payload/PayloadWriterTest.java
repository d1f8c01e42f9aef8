package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Route;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * mailbox.status records are written byte for byte as a plain field-by-field Jackson writer writes
 * them, whatever the addresses, counters and times hold, and every string reads back as itself.
 */
class PayloadWriterTest {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper JSON_READER = new ObjectMapper();

    @Property(tries = 2000)
    void aHealthRecordIsWrittenAsThePlainWriterWritesIt(@ForAll("healths") MailboxHealth health) {
        assertThat(outcome(health)).isEqualTo(reference(health));
    }

    @Property(tries = 500)
    void anyStringReadsBackAsItself(@ForAll("anyText") String text) throws IOException {
        MailboxHealth health =
                new MailboxHealth(
                        text,
                        text,
                        Status.HEALTHY,
                        null,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        null,
                        true,
                        null,
                        0,
                        null,
                        text,
                        text,
                        CategoryCounts.NONE,
                        List.of());
        JsonNode json = JSON_READER.readTree(PayloadWriter.write(health));
        assertThat(json.get("mailbox").asText()).isEqualTo(text);
        assertThat(json.get("domain").asText()).isEqualTo(text);
        assertThat(json.get("note").asText()).isEqualTo(text);
    }

    @Example
    void smallAndLargeFractionsAreWrittenAsPlainDecimals() {
        MailboxHealth health =
                new MailboxHealth(
                        "m@d.io",
                        "d.io",
                        Status.WARNING,
                        Reason.BOUNCE_RATE,
                        20_000_000.5,
                        10.01,
                        0,
                        0.0005,
                        0,
                        0,
                        0,
                        0,
                        null,
                        true,
                        null,
                        0,
                        null,
                        null,
                        null,
                        CategoryCounts.NONE,
                        List.of());
        assertThat(outcome(health))
                .contains(
                        "\"windowSends\":20000000.5,",
                        "\"windowBounces\":10.01,",
                        "\"bounceRate\":0.0005,")
                .doesNotContain("E-", "E7");
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30),
                Arbitraries.of("\ud800", "a\udc00b", "\u0000\u001f\u007f", "\"\\/\b\f\n\r\t"));
    }

    @Property(tries = 200)
    void aTypicalRecordReadsAsExpected(@ForAll("healths") MailboxHealth health) {
        String json = outcome(health);
        assertThat(json).startsWith("{\"mailbox\":").endsWith("}").contains("\"lastEventAt\":");
    }

    @Provide
    Arbitrary<MailboxHealth> healths() {
        Arbitrary<String> text =
                Arbitraries.oneOf(
                        Arbitraries.strings().withCharRange('!', '~').ofMaxLength(40),
                        Arbitraries.strings().all().ofMaxLength(20),
                        Arbitraries.of(
                                "m1@d1.example",
                                "o'brien+\"tag\"@acme.io",
                                "back\\slash@x.io",
                                "jörg@bücher.de",
                                "用户@例子.广告",
                                "\uD83D\uDE00@emoji.io"));
        Arbitrary<Double> counts =
                Arbitraries.oneOf(
                        Arbitraries.doubles().between(0, 1000).ofScale(6),
                        Arbitraries.doubles(),
                        Arbitraries.of(
                                0.0,
                                -0.0,
                                0.5,
                                2.5,
                                0.0329,
                                1e15,
                                1e16,
                                123456.789,
                                Double.MIN_VALUE,
                                Double.MAX_VALUE));
        Arbitrary<Long> times =
                Arbitraries.oneOf(
                                Arbitraries.longs().between(0, 4_102_444_800_000L),
                                Arbitraries.longs()
                                        .between(-100_000_000_000_000L, 400_000_000_000_000L))
                        .injectNull(0.2);
        return Builders.withBuilder(Draft::new)
                .use(text)
                .in((d, v) -> d.with(() -> d.mailbox = v))
                .use(text)
                .in((d, v) -> d.with(() -> d.domain = v))
                .use(Arbitraries.of(Status.class))
                .in((d, v) -> d.with(() -> d.status = v))
                .use(Arbitraries.of(Reason.class).injectNull(0.3))
                .in((d, v) -> d.with(() -> d.reason = v))
                .use(counts)
                .in((d, v) -> d.with(() -> d.sends = v))
                .use(counts)
                .in((d, v) -> d.with(() -> d.bounces = v))
                .use(counts)
                .in((d, v) -> d.with(() -> d.complaints = v))
                .use(Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), counts))
                .in((d, v) -> d.with(() -> d.rate = v))
                .use(Arbitraries.longs())
                .in((d, v) -> d.with(() -> d.totalSends = v))
                .use(Arbitraries.longs().between(0, 1_000_000))
                .in((d, v) -> d.with(() -> d.totalBounces = v))
                .use(Arbitraries.longs().between(0, 1_000))
                .in((d, v) -> d.with(() -> d.totalComplaints = v))
                .use(Arbitraries.integers().between(0, 100))
                .in((d, v) -> d.with(() -> d.risk = v))
                .use(times)
                .in((d, v) -> d.with(() -> d.cooldownUntil = v))
                .use(Arbitraries.of(MailboxHealth.BlockedBy.class).injectNull(0.5))
                .in((d, v) -> d.with(() -> d.blockedBy = v))
                .use(Arbitraries.integers().between(0, 60))
                .in((d, v) -> d.with(() -> d.probation = v))
                .use(times)
                .in((d, v) -> d.with(() -> d.lastEventAt = v))
                .use(text.injectNull(0.5))
                .in((d, v) -> d.with(() -> d.operator = v))
                .use(text.injectNull(0.5))
                .in((d, v) -> d.with(() -> d.note = v))
                .use(
                        Arbitraries.longs()
                                .between(0, Long.MAX_VALUE)
                                .array(long[].class)
                                .ofSize(CategoryCounts.CATEGORIES.size()))
                .in((d, v) -> d.with(() -> d.byCategory = CategoryCounts.of(v)))
                .use(routes().list().ofMaxSize(5))
                .in((d, v) -> d.with(() -> d.routes = v))
                .build(Draft::health);
    }

    private static Arbitrary<Route> routes() {
        return Combinators.combine(
                        Arbitraries.of(Provider.class),
                        Arbitraries.of(RouteStatus.SLOW_DOWN, RouteStatus.BLOCKED),
                        Arbitraries.longs().between(1, 4_102_444_800_000L))
                .as((p, s, until) -> new Route(p, s, until, 0, List.of()));
    }

    private static final class Draft {
        String mailbox;
        String domain;
        Status status;
        Reason reason;
        double sends;
        double bounces;
        double complaints;
        double rate;
        long totalSends;
        long totalBounces;
        long totalComplaints;
        int risk;
        Long cooldownUntil;
        MailboxHealth.BlockedBy blockedBy;
        int probation;
        Long lastEventAt;
        String operator;
        String note;
        CategoryCounts byCategory;
        List<Route> routes;

        Draft with(Runnable set) {
            set.run();
            return this;
        }

        MailboxHealth health() {
            return new MailboxHealth(
                    mailbox,
                    domain,
                    status,
                    reason,
                    sends,
                    bounces,
                    complaints,
                    rate,
                    totalSends,
                    totalBounces,
                    totalComplaints,
                    risk,
                    cooldownUntil,
                    blockedBy == null,
                    blockedBy,
                    probation,
                    lastEventAt,
                    operator,
                    note,
                    byCategory,
                    routes);
        }
    }

    private static String outcome(MailboxHealth health) {
        try {
            return new String(PayloadWriter.write(health), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The record as Jackson writes it field by field, with java.time's timestamps. */
    private static String reference(MailboxHealth h) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("mailbox", h.mailbox());
            g.writeStringField("domain", h.domain());
            g.writeStringField("status", h.status().name());
            nullable(g, "reason", h.reason() == null ? null : h.reason().name());
            decimal(g, "windowSends", h.windowSends(), 100);
            decimal(g, "windowBounces", h.windowBounces(), 100);
            decimal(g, "windowComplaints", h.windowComplaints(), 100);
            decimal(g, "bounceRate", h.bounceRate(), 10_000);
            g.writeNumberField("totalSends", h.totalSends());
            g.writeNumberField("totalBounces", h.totalBounces());
            g.writeNumberField("totalComplaints", h.totalComplaints());
            g.writeNumberField("riskScore", h.riskScore());
            nullable(
                    g,
                    "cooldownUntil",
                    h.cooldownUntil() == null
                            ? null
                            : Instant.ofEpochMilli(h.cooldownUntil()).toString());
            g.writeBooleanField("sendingAllowed", h.sendingAllowed());
            nullable(g, "blockedBy", h.blockedBy() == null ? null : h.blockedBy().name());
            g.writeNumberField("probationSendsRemaining", h.probationSendsRemaining());
            nullable(
                    g,
                    "lastEventAt",
                    h.lastEventAt() == null
                            ? null
                            : Instant.ofEpochMilli(h.lastEventAt()).toString());
            nullable(g, "operator", h.operator());
            nullable(g, "note", h.note());
            g.writeObjectFieldStart("bouncesByCategory");
            for (Category c : CategoryCounts.CATEGORIES) {
                g.writeNumberField(c.name(), h.bouncesByCategory().get(c));
            }
            g.writeEndObject();
            g.writeArrayFieldStart("routes");
            for (Route r : h.routes()) {
                g.writeStartObject();
                g.writeStringField("provider", r.provider().name().toLowerCase(Locale.ROOT));
                g.writeStringField("status", r.status().name());
                g.writeStringField("reason", r.reason().name());
                g.writeStringField("until", Instant.ofEpochMilli(r.until()).toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException | RuntimeException e) {
            return "java.io.UncheckedIOException: " + e;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void decimal(JsonGenerator g, String field, double value, int scale)
            throws IOException {
        double rounded = Math.round(value * scale) / (double) scale;
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            g.writeNumberField(field, (long) rounded);
        } else {
            g.writeFieldName(field);
            g.writeNumber(BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString());
        }
    }

    private static void nullable(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }
}
