package io.bouncewatch.payload;

import io.bouncewatch.payload.JsonOut.Name;
import io.bouncewatch.rules.CategoryCounts;
import io.bouncewatch.rules.Classification;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.Route;
import io.bouncewatch.rules.Suppression;
import java.util.List;

/**
 * Writes the output JSON of docs/interface.md §1.3 field by field, in a fixed order. Window
 * counters carry at most two decimals and ratios four; whole numbers are written without a fraction
 * (50, not 50.0).
 */
public final class PayloadWriter {

    private static final Name MAILBOX = JsonOut.name("mailbox");
    private static final Name DOMAIN = JsonOut.name("domain");
    private static final Name STATUS = JsonOut.name("status");
    private static final Name REASON = JsonOut.name("reason");
    private static final Name WINDOW_SENDS = JsonOut.name("windowSends");
    private static final Name WINDOW_BOUNCES = JsonOut.name("windowBounces");
    private static final Name WINDOW_COMPLAINTS = JsonOut.name("windowComplaints");
    private static final Name BOUNCE_RATE = JsonOut.name("bounceRate");
    private static final Name TOTAL_SENDS = JsonOut.name("totalSends");
    private static final Name TOTAL_BOUNCES = JsonOut.name("totalBounces");
    private static final Name TOTAL_COMPLAINTS = JsonOut.name("totalComplaints");
    private static final Name RISK_SCORE = JsonOut.name("riskScore");
    private static final Name COOLDOWN_UNTIL = JsonOut.name("cooldownUntil");
    private static final Name SENDING_ALLOWED = JsonOut.name("sendingAllowed");
    private static final Name BLOCKED_BY = JsonOut.name("blockedBy");
    private static final Name PROBATION_SENDS_REMAINING = JsonOut.name("probationSendsRemaining");
    private static final Name LAST_EVENT_AT = JsonOut.name("lastEventAt");
    private static final Name TOTAL_MAILBOXES = JsonOut.name("totalMailboxes");
    private static final Name UNHEALTHY_MAILBOXES = JsonOut.name("unhealthyMailboxes");
    private static final Name UNHEALTHY_RATIO = JsonOut.name("unhealthyRatio");
    private static final Name AVERAGE_RISK_SCORE = JsonOut.name("averageRiskScore");
    private static final Name CONFIG_FAILURES = JsonOut.name("configFailures");
    private static final Name OPERATOR_PAUSED = JsonOut.name("operatorPaused");
    private static final Name OPERATOR = JsonOut.name("operator");
    private static final Name NOTE = JsonOut.name("note");
    private static final Name ENTITY = JsonOut.name("entity");
    private static final Name ID = JsonOut.name("id");
    private static final Name FROM = JsonOut.name("from");
    private static final Name TO = JsonOut.name("to");
    private static final Name AT = JsonOut.name("at");
    private static final Name CAUSE_EVENT_ID = JsonOut.name("causeEventId");
    private static final Name SOURCE = JsonOut.name("source");
    private static final Name RECIPIENT = JsonOut.name("recipient");
    private static final Name ENHANCED_STATUS = JsonOut.name("enhancedStatus");
    private static final Name SMTP_CODE = JsonOut.name("smtpCode");
    private static final Name DIAGNOSTIC = JsonOut.name("diagnostic");
    private static final Name CATEGORY = JsonOut.name("category");
    private static final Name CLASS = JsonOut.name("class");
    private static final Name PROVIDER = JsonOut.name("provider");
    private static final Name MATCHED_BY = JsonOut.name("matchedBy");
    private static final Name UNTIL = JsonOut.name("until");
    private static final Name SINCE = JsonOut.name("since");
    private static final Name CAUSE_CATEGORY = JsonOut.name("causeCategory");
    private static final Name CAUSE_DIAGNOSTIC = JsonOut.name("causeDiagnostic");
    private static final Name BOUNCES_BY_CATEGORY = JsonOut.name("bouncesByCategory");
    private static final Name ROUTES = JsonOut.name("routes");
    private static final Name EVIDENCE = JsonOut.name("evidence");
    private static final Name RULE = JsonOut.name("rule");
    private static final Name THRESHOLD = JsonOut.name("threshold");
    private static final Name VALUE = JsonOut.name("value");
    private static final Name EVENT_ID = JsonOut.name("eventId");
    private static final Name CHANGES = JsonOut.name("changes");
    private static final Name BOUNCES = JsonOut.name("bounces");
    private static final Name WINDOW = JsonOut.name("window");
    private static final Name RATIO = JsonOut.name("ratio");
    private static final Name[] CATEGORY_NAMES =
            CategoryCounts.CATEGORIES.stream()
                    .map(c -> JsonOut.name(c.name()))
                    .toArray(Name[]::new);

    /** Room for a whole health record with typical addresses, so the buffer never grows. */
    private static final int TYPICAL_SIZE = 512;

    private PayloadWriter() {}

    public static byte[] write(MailboxHealth h) {
        JsonOut out =
                JsonOut.object(TYPICAL_SIZE)
                        .field(MAILBOX, h.mailbox())
                        .field(DOMAIN, h.domain())
                        .field(STATUS, h.status().name())
                        .field(REASON, h.reason() == null ? null : h.reason().name())
                        .decimal(WINDOW_SENDS, h.windowSends(), 100)
                        .decimal(WINDOW_BOUNCES, h.windowBounces(), 100)
                        .decimal(WINDOW_COMPLAINTS, h.windowComplaints(), 100)
                        .decimal(BOUNCE_RATE, h.bounceRate(), 10_000)
                        .field(TOTAL_SENDS, h.totalSends())
                        .field(TOTAL_BOUNCES, h.totalBounces())
                        .field(TOTAL_COMPLAINTS, h.totalComplaints())
                        .field(RISK_SCORE, h.riskScore())
                        .field(COOLDOWN_UNTIL, instant(h.cooldownUntil()))
                        .field(SENDING_ALLOWED, h.sendingAllowed())
                        .field(BLOCKED_BY, h.blockedBy() == null ? null : h.blockedBy().name())
                        .field(PROBATION_SENDS_REMAINING, h.probationSendsRemaining())
                        .field(LAST_EVENT_AT, instant(h.lastEventAt()))
                        .field(OPERATOR, h.operator())
                        .field(NOTE, h.note());
        // Every category, 0 where none, so a reader needs no default.
        out.object(BOUNCES_BY_CATEGORY);
        long[] counts = h.bouncesByCategory().toArray();
        for (int i = 0; i < counts.length; i++) {
            out.field(CATEGORY_NAMES[i], counts[i]);
        }
        out.close().array(ROUTES);
        for (Route r : h.routes()) {
            out.element()
                    .field(PROVIDER, r.provider().wireName())
                    .field(STATUS, r.status().name())
                    .field(REASON, r.reason() == null ? null : r.reason().name())
                    .field(UNTIL, r.until() > 0 ? instant(r.until()) : null)
                    .close();
        }
        return out.closeArray().end();
    }

    public static byte[] write(DomainHealth h) {
        return JsonOut.object(TYPICAL_SIZE)
                .field(DOMAIN, h.domain())
                .field(STATUS, h.status().name())
                .field(REASON, h.reason() == null ? null : h.reason().name())
                .field(TOTAL_MAILBOXES, h.totalMailboxes())
                .field(UNHEALTHY_MAILBOXES, h.unhealthyMailboxes())
                .decimal(UNHEALTHY_RATIO, h.unhealthyRatio(), 10_000)
                .decimal(AVERAGE_RISK_SCORE, h.averageRiskScore(), 100)
                .field(CONFIG_FAILURES, h.configFailures())
                .field(OPERATOR_PAUSED, h.operatorPaused())
                .field(OPERATOR, h.operator())
                .field(NOTE, h.note())
                .end();
    }

    public static byte[] write(StatusChange change) {
        JsonOut out = JsonOut.object(TYPICAL_SIZE);
        if (change instanceof StatusChange.OfMailbox m) {
            transition(out.field(ENTITY, "MAILBOX").field(ID, m.id()).field(DOMAIN, m.domain()), m)
                    .decimal(WINDOW_SENDS, m.windowSends(), 100)
                    .decimal(WINDOW_BOUNCES, m.windowBounces(), 100)
                    .decimal(WINDOW_COMPLAINTS, m.windowComplaints(), 100)
                    .decimal(BOUNCE_RATE, m.bounceRate(), 10_000)
                    .field(COOLDOWN_UNTIL, instant(m.cooldownUntil()))
                    .field(CAUSE_EVENT_ID, m.causeEventId());
            evidence(out, m.evidence())
                    .field(
                            CAUSE_CATEGORY,
                            m.causeCategory() == null ? null : m.causeCategory().name())
                    .field(CAUSE_DIAGNOSTIC, m.causeDiagnostic());
        } else if (change instanceof StatusChange.OfRoute r) {
            out.field(ENTITY, "ROUTE")
                    .field(ID, r.id())
                    .field(MAILBOX, r.id())
                    .field(DOMAIN, r.domain())
                    .field(PROVIDER, r.provider().wireName())
                    .field(FROM, r.from().name())
                    .field(TO, r.to().name())
                    .field(REASON, r.reason().name())
                    .field(UNTIL, instant(r.until()))
                    .field(AT, instant(r.at()))
                    .field(CAUSE_EVENT_ID, r.causeEventId());
            evidence(out, r.evidence())
                    .field(
                            CAUSE_CATEGORY,
                            r.causeCategory() == null ? null : r.causeCategory().name())
                    .field(CAUSE_DIAGNOSTIC, r.causeDiagnostic());
        } else if (change instanceof StatusChange.OfDomain d) {
            transition(out.field(ENTITY, "DOMAIN").field(ID, d.id()), d)
                    .field(TOTAL_MAILBOXES, d.totalMailboxes())
                    .field(UNHEALTHY_MAILBOXES, d.unhealthyMailboxes())
                    .decimal(UNHEALTHY_RATIO, d.unhealthyRatio(), 10_000)
                    .field(CONFIG_FAILURES, d.configFailures());
            evidence(out, d.evidence());
        }
        return out.end();
    }

    public static byte[] write(ClassifiedBounce c) {
        Classification meaning = c.classification();
        return JsonOut.object(TYPICAL_SIZE)
                .field(SOURCE, c.source())
                .field(RECIPIENT, c.recipient())
                .field(MAILBOX, c.mailbox())
                .field(ENHANCED_STATUS, c.enhancedStatus())
                .field(SMTP_CODE, c.smtpCode())
                .field(DIAGNOSTIC, c.diagnostic())
                .field(CATEGORY, meaning.category().name())
                .field(CLASS, meaning.bounceClass().name())
                .field(PROVIDER, meaning.provider().wireName())
                .field(MATCHED_BY, meaning.matchedBy())
                .end();
    }

    /** A mailbox's history: its changes as they were written, its bounces and its window. */
    public static byte[] write(MailboxHistory h) {
        JsonOut out = changes(JsonOut.object(TYPICAL_SIZE * 8), h.changes()).array(BOUNCES);
        for (MailboxHistory.Bounce b : h.bounces()) {
            out.element()
                    .field(EVENT_ID, b.eventId())
                    .field(AT, instant(b.at()))
                    .field(RECIPIENT, b.recipient())
                    .field(CATEGORY, b.category().name())
                    .field(CLASS, b.bounceClass() == null ? null : b.bounceClass().name())
                    .field(PROVIDER, b.provider() == null ? null : b.provider().wireName())
                    .field(DIAGNOSTIC, b.diagnostic())
                    .close();
        }
        out.closeArray().array(WINDOW);
        for (MailboxHistory.Sample s : h.window()) {
            out.element()
                    .field(AT, instant(s.at()))
                    .decimal(WINDOW_SENDS, s.windowSends(), 100)
                    .decimal(WINDOW_BOUNCES, s.windowBounces(), 100)
                    .decimal(BOUNCE_RATE, s.bounceRate(), 10_000)
                    .field(STATUS, s.status().name())
                    .close();
        }
        return out.closeArray().end();
    }

    /** A domain's history: its changes as they were written, its ratio and config failures. */
    public static byte[] write(DomainHistory h) {
        JsonOut out = changes(JsonOut.object(TYPICAL_SIZE * 8), h.changes()).array(RATIO);
        for (DomainHistory.RatioSample s : h.ratio()) {
            out.element()
                    .field(AT, instant(s.at()))
                    .field(TOTAL_MAILBOXES, s.totalMailboxes())
                    .field(UNHEALTHY_MAILBOXES, s.unhealthyMailboxes())
                    .decimal(UNHEALTHY_RATIO, s.unhealthyRatio(), 10_000)
                    .field(STATUS, s.status().name())
                    .close();
        }
        out.closeArray().array(CONFIG_FAILURES);
        for (DomainHistory.ConfigFailure f : h.configFailures()) {
            out.element()
                    .field(AT, instant(f.at()))
                    .field(MAILBOX, f.mailbox())
                    .field(EVENT_ID, f.eventId())
                    .close();
        }
        return out.closeArray().end();
    }

    private static JsonOut changes(JsonOut out, List<String> changes) {
        out.array(CHANGES);
        for (String change : changes) {
            out.rawElement(change);
        }
        return out.closeArray();
    }

    /** A Suppression: a value of the suppression topic and an answer of the API. */
    public static byte[] suppression(Suppression s) {
        return JsonOut.object(TYPICAL_SIZE)
                .field(RECIPIENT, s.recipient())
                .field(CATEGORY, s.category() == null ? null : s.category().name())
                .field(CLASS, s.bounceClass() == null ? null : s.bounceClass().name())
                .field(SOURCE, s.source().name())
                .field(SINCE, instant(s.since()))
                .field(UNTIL, instant(s.until()))
                .field(MAILBOX, s.mailbox())
                .field(CAUSE_EVENT_ID, s.causeEventId())
                .field(OPERATOR, s.operator())
                .field(NOTE, s.note())
                .end();
    }

    private static JsonOut transition(JsonOut out, StatusChange.OfEntity c) {
        return out.field(FROM, c.from().name())
                .field(TO, c.to().name())
                .field(REASON, c.reason().name())
                .field(OPERATOR, c.operator())
                .field(NOTE, c.note())
                .field(AT, instant(c.at()));
    }

    /**
     * {@code "evidence":{"rule":...,"threshold":...,"value":...}}, the numbers rounded as the
     * fields they stand beside are: counts like window counters, rates like {@code bounceRate},
     * durations to the millisecond; null for an operator's change.
     */
    private static JsonOut evidence(JsonOut out, Evidence e) {
        out.object(EVIDENCE).field(RULE, e.rule().name());
        if (e.rule().measure() == Evidence.Measure.NONE) {
            out.field(THRESHOLD, (String) null).field(VALUE, (String) null);
        } else {
            int scale = scale(e.rule().measure());
            out.decimal(THRESHOLD, e.threshold(), scale).decimal(VALUE, e.value(), scale);
        }
        return out.close();
    }

    /** How finely a measure is written: 1 / the returned scale. */
    private static int scale(Evidence.Measure measure) {
        return switch (measure) {
            case COUNT -> 100;
            case RATE -> 10_000;
            case SECONDS -> 1000;
            case NONE -> throw new IllegalArgumentException("no numbers to write: " + measure);
        };
    }

    /** ISO-8601 UTC, the way docs/interface.md §1.3 writes timestamps. */
    public static String instant(long epochMillis) {
        return IsoInstant.format(epochMillis);
    }

    private static String instant(Long epochMillis) {
        return epochMillis == null ? null : instant(epochMillis.longValue());
    }

    /** {@code value} rounded half-up to {@code 1 / scale}. */
    public static double round(double value, int scale) {
        return Math.round(value * scale) / (double) scale;
    }
}
