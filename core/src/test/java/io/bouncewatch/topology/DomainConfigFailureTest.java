package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Config failures of a domain (docs/rules.md §6) through the real topology: CONFIG bounces counted
 * by their mailboxes cross the {@code domain-members} repartition as config failures, pause the
 * whole domain and block its mailboxes; the wall-clock punctuator of the domain processor ends the
 * pause when no failure came for the config cooldown.
 */
class DomainConfigFailureTest {

    private static final String DOMAIN = "cfg.io";
    private static final List<String> MAILBOXES =
            List.of("a@cfg.io", "b@cfg.io", "c@cfg.io", "d@cfg.io");

    /** Gmail's refusal of a message that fails DMARC. */
    private static final String GMAIL_DMARC =
            "This mail is unauthenticated, which poses a security risk to the sender and Gmail"
                    + " users, and has been blocked. The sender must authenticate with at least one"
                    + " of SPF or DKIM. For this message, DKIM checks did not pass and SPF check"
                    + " for [cfg.io] did not pass with ip: [192.0.2.1]. The sender's domain has a"
                    + " DMARC policy of reject. gsmtp";

    private TopologyHarness h;
    private int sequence;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
        MAILBOXES.forEach(h::send);
        h.discardOutputs();
        h.recordsWrittenTo("domain-members-repartition");
    }

    /** The health each mailbox was last published with, in store order. */
    private List<String> latestMailboxHealths() {
        List<String> all = healths(h.mailboxStatusKeyed());
        assertThat(all).hasSizeGreaterThanOrEqualTo(MAILBOXES.size());
        return all.subList(all.size() - MAILBOXES.size(), all.size());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private String dmarcBounce(String mailbox) {
        return dmarcBounce(mailbox, "b-" + (++sequence));
    }

    private String dmarcBounce(String mailbox, String eventId) {
        h.rawJson(
                "bounces",
                mailbox,
                "{\"eventId\":\""
                        + eventId
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\"r"
                        + sequence
                        + "@gmail.com\",\"type\":\"HARD\",\"smtpCode\":550,"
                        + "\"enhancedStatus\":\"5.7.26\",\"diagnostic\":\""
                        + GMAIL_DMARC
                        + "\",\"timestamp\":\""
                        + h.eventTime()
                        + "\"}");
        return eventId;
    }

    /** {@code count} DMARC bounces, one a minute, from the first three mailboxes in turn. */
    private void dmarcBounces(int count) {
        for (int i = 0; i < count; i++) {
            dmarcBounce(MAILBOXES.get(i % 3));
            h.advance(Duration.ofMinutes(1));
        }
    }

    private static String withFailures(JsonNode change) {
        return TopologyHarness.change(change) + " config=" + change.get("configFailures").asInt();
    }

    private JsonNode lastDomainStatus() {
        List<JsonNode> all = h.domainStatus();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    @Test
    void tenDmarcFailuresAcrossMailboxesPauseTheDomainAndBlockEveryMailbox() {
        dmarcBounces(10);

        assertThat(h.domainChanges().stream().map(DomainConfigFailureTest::withFailures))
                .containsExactly(
                        "DOMAIN cfg.io HEALTHY->WARNING CONFIG_FAILURE unhealthy=0/4 config=3",
                        "DOMAIN cfg.io WARNING->PAUSED CONFIG_FAILURE unhealthy=0/4 config=10");
        assertThat(latestMailboxHealths())
                .containsExactly(
                        "a@cfg.io HEALTHY null window=1/0 totals=1/4 blocked-by-DOMAIN",
                        "b@cfg.io HEALTHY null window=1/0 totals=1/3 blocked-by-DOMAIN",
                        "c@cfg.io HEALTHY null window=1/0 totals=1/3 blocked-by-DOMAIN",
                        "d@cfg.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN");
        JsonNode health = lastDomainStatus();
        assertThat(health.get("status").asText()).isEqualTo("PAUSED");
        assertThat(health.get("reason").asText()).isEqualTo("CONFIG_FAILURE");
        assertThat(health.get("configFailures").asInt()).isEqualTo(10);
    }

    @Test
    void twoFailuresOnlyShowInTheDomainsHealth() {
        dmarcBounces(2);

        assertThat(h.statusChangeRecords()).isEmpty();
        JsonNode health = lastDomainStatus();
        assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(health.get("configFailures").asInt()).isEqualTo(2);
    }

    @Test
    void theWallClockResumesTheDomainOnceNoFailureCameForTheCooldown() {
        dmarcBounces(10);
        h.discardOutputs();

        // The last failure came a minute ago: 58 more minutes are still within the cooldown.
        h.advance(Duration.ofMinutes(58));
        assertThat(h.statusChangeRecords()).isEmpty();

        h.advance(Duration.ofMinutes(1));

        assertThat(h.domainChanges().stream().map(DomainConfigFailureTest::withFailures))
                .containsExactly(
                        "DOMAIN cfg.io PAUSED->HEALTHY CONFIG_FAILURE unhealthy=0/4 config=0");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "a@cfg.io HEALTHY null window=1/0 totals=1/4 allowed",
                        "b@cfg.io HEALTHY null window=1/0 totals=1/3 allowed",
                        "c@cfg.io HEALTHY null window=1/0 totals=1/3 allowed",
                        "d@cfg.io HEALTHY null window=1/0 totals=1/0 allowed");
        assertThat(lastDomainStatus().get("configFailures").asInt()).isZero();
    }

    @Test
    void aNewFailureKeepsTheDomainPausedForAnotherCooldown() {
        dmarcBounces(10);
        h.advance(Duration.ofMinutes(50));
        dmarcBounce("d@cfg.io");
        h.discardOutputs();

        h.advance(Duration.ofMinutes(59));
        assertThat(h.statusChangeRecords()).isEmpty();

        h.advance(Duration.ofMinutes(1));
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN cfg.io PAUSED->HEALTHY CONFIG_FAILURE unhealthy=0/4");
    }

    @Test
    void aDuplicateBounceIsNoSecondFailure() {
        dmarcBounce("a@cfg.io", "b-dup");
        dmarcBounce("a@cfg.io", "b-dup");
        dmarcBounce("b@cfg.io", "b-dup");

        assertThat(lastDomainStatus().get("configFailures").asInt()).isEqualTo(2);
        assertThat(h.recordsWrittenTo("domain-members-repartition")).isEqualTo(2);
    }

    @Test
    void anOperatorResumeLiftsAConfigPauseAndForgetsItsFailures() {
        dmarcBounces(10);
        h.discardOutputs();

        h.domainCommand(DOMAIN, "RESUME");
        dmarcBounce("a@cfg.io");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN cfg.io PAUSED->HEALTHY OPERATOR unhealthy=0/4");
        JsonNode health = lastDomainStatus();
        assertThat(health.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(health.get("configFailures").asInt()).isEqualTo(1);
    }

    @Test
    void anOperatorPauseHoldsTheDomainPastTheConfigCooldown() {
        dmarcBounces(10);
        h.domainCommand(DOMAIN, "PAUSE");
        h.discardOutputs();

        h.advance(Duration.ofHours(2));

        assertThat(h.statusChangeRecords()).isEmpty();
        JsonNode health = lastDomainStatus();
        assertThat(health.get("status").asText()).isEqualTo("PAUSED");
        assertThat(health.get("operatorPaused").asBoolean()).isTrue();
        assertThat(health.get("configFailures").asInt()).isZero();
    }
}
