package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.RouteReason;
import io.bouncewatch.rules.RouteStatus;
import io.bouncewatch.rules.Status;
import io.bouncewatch.schema.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Status changes are written with their evidence as docs/interface.md §1.3 shows: counts like the
 * window counters, rates like bounceRate, durations in seconds, null numbers for an operator.
 */
class StatusChangePayloadTest {

    private static final long AT = Instant.parse("2026-11-22T10:16:02Z").toEpochMilli();

    private static String json(StatusChange change) {
        String json = new String(PayloadWriter.write(change), StandardCharsets.UTF_8);
        JsonSchemas.assertValid("status-change.schema.json", json);
        return json;
    }

    private static StatusChange.OfMailbox mailbox(Status from, Status to, Reason r, Evidence e) {
        return new StatusChange.OfMailbox(
                "alice@acme.io",
                "acme.io",
                from,
                to,
                r,
                null,
                null,
                AT,
                42,
                3,
                0,
                3 / 42.0,
                null,
                "b-1",
                e,
                Category.LIST,
                "550 5.1.1 user unknown");
    }

    @Test
    void aMailboxChangeCarriesItsEvidenceAfterItsCause() {
        assertThat(
                        json(
                                mailbox(
                                        Status.HEALTHY,
                                        Status.WARNING,
                                        Reason.EARLY_WARNING,
                                        new Evidence(Evidence.Rule.EARLY_WARNING, 3.0, 3.0))))
                .isEqualTo(
                        "{\"entity\":\"MAILBOX\",\"id\":\"alice@acme.io\",\"domain\":\"acme.io\","
                                + "\"from\":\"HEALTHY\",\"to\":\"WARNING\",\"reason\":\"EARLY_WARNING\","
                                + "\"operator\":null,\"note\":null,\"at\":\"2026-11-22T10:16:02Z\","
                                + "\"windowSends\":42,\"windowBounces\":3,\"windowComplaints\":0,"
                                + "\"bounceRate\":0.0714,\"cooldownUntil\":null,\"causeEventId\":\"b-1\","
                                + "\"evidence\":{\"rule\":\"EARLY_WARNING\",\"threshold\":3,\"value\":3},"
                                + "\"causeCategory\":\"LIST\","
                                + "\"causeDiagnostic\":\"550 5.1.1 user unknown\"}");
    }

    @Test
    void ratesAreRoundedAsTheBounceRateAndCountsAsTheWindowCounters() {
        assertThat(
                        json(
                                mailbox(
                                        Status.HEALTHY,
                                        Status.PAUSED,
                                        Reason.BOUNCE_RATE,
                                        new Evidence(Evidence.Rule.BOUNCE_RATE, 0.03, 2 / 60.0))))
                .contains(
                        "\"evidence\":{\"rule\":\"BOUNCE_RATE\",\"threshold\":0.03,\"value\":0.0333}");
        assertThat(
                        json(
                                mailbox(
                                        Status.WARNING,
                                        Status.PAUSED,
                                        Reason.BOUNCE_COUNT,
                                        new Evidence(Evidence.Rule.BOUNCE_COUNT, 5.0, 5.5))))
                .contains("\"evidence\":{\"rule\":\"BOUNCE_COUNT\",\"threshold\":5,\"value\":5.5}");
    }

    @Test
    void anOperatorsChangeHasNoMeasure() {
        assertThat(
                        json(
                                mailbox(
                                        Status.PAUSED,
                                        Status.WARNING,
                                        Reason.OPERATOR,
                                        Evidence.BY_OPERATOR)))
                .contains("\"evidence\":{\"rule\":\"OPERATOR\",\"threshold\":null,\"value\":null}");
    }

    @Test
    void aDomainChangeEndsWithItsEvidence() {
        assertThat(
                        json(
                                new StatusChange.OfDomain(
                                        "acme.io",
                                        Status.HEALTHY,
                                        Status.WARNING,
                                        Reason.UNHEALTHY_RATIO,
                                        null,
                                        null,
                                        AT,
                                        3,
                                        1,
                                        1 / 3.0,
                                        0,
                                        new Evidence(Evidence.Rule.UNHEALTHY_RATIO, 0.3, 1 / 3.0))))
                .isEqualTo(
                        "{\"entity\":\"DOMAIN\",\"id\":\"acme.io\",\"from\":\"HEALTHY\","
                                + "\"to\":\"WARNING\",\"reason\":\"UNHEALTHY_RATIO\",\"operator\":null,"
                                + "\"note\":null,\"at\":\"2026-11-22T10:16:02Z\",\"totalMailboxes\":3,"
                                + "\"unhealthyMailboxes\":1,\"unhealthyRatio\":0.3333,\"configFailures\":0,"
                                + "\"evidence\":{\"rule\":\"UNHEALTHY_RATIO\",\"threshold\":0.3,"
                                + "\"value\":0.3333}}");
    }

    @Test
    void aRouteChangeCarriesItsEvidenceAndDurationsAreInSeconds() {
        assertThat(
                        json(
                                new StatusChange.OfRoute(
                                        "alice@acme.io",
                                        "acme.io",
                                        Provider.GOOGLE,
                                        RouteStatus.BLOCKED,
                                        RouteStatus.OK,
                                        RouteReason.EXPIRED,
                                        null,
                                        AT,
                                        null,
                                        new Evidence(Evidence.Rule.EXPIRED, 86_400.0, 86_412.25),
                                        null,
                                        null)))
                .isEqualTo(
                        "{\"entity\":\"ROUTE\",\"id\":\"alice@acme.io\",\"mailbox\":\"alice@acme.io\","
                                + "\"domain\":\"acme.io\",\"provider\":\"google\",\"from\":\"BLOCKED\","
                                + "\"to\":\"OK\",\"reason\":\"EXPIRED\",\"until\":null,"
                                + "\"at\":\"2026-11-22T10:16:02Z\",\"causeEventId\":null,"
                                + "\"evidence\":{\"rule\":\"EXPIRED\",\"threshold\":86400,"
                                + "\"value\":86412.25},\"causeCategory\":null,\"causeDiagnostic\":null}");
    }
}
