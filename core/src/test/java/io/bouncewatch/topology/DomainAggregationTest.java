package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.domainHealth;
import static io.bouncewatch.topology.TopologyHarness.domainHealths;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Domain protection through the real aggregation: mailbox summaries, the {@code domain-members}
 * repartition, the domain processor counting each mailbox's change (retractions included) and the
 * block records that come back to every mailbox of a paused domain.
 *
 * <p>Domains are independent of one another by design, so one driver serves the whole class (a
 * driver costs more than most tests' records): each test has domains of its own and drops earlier
 * output first, so no test depends on another or on an empty store.
 */
class DomainAggregationTest extends SharedDriverTest {

    @BeforeEach
    void forgetEarlierRepartitionRecords() {
        h.recordsWrittenTo("domain-members-repartition");
    }

    /** {@code total} healthy mailboxes m0..m(total-1) of {@code domain}, one send each. */
    private void mailboxes(String domain, int total) {
        for (int i = 0; i < total; i++) {
            h.send("m" + i + "@" + domain);
        }
    }

    /**
     * Puts mailboxes m0..m(count-1) of {@code domain} in EARLY_WARNING (3 bounces each, risk 60).
     */
    private void warn(String domain, int count) {
        for (int i = 0; i < count; i++) {
            h.bounces("m" + i + "@" + domain, 3);
        }
    }

    private JsonNode lastDomainStatus() {
        List<JsonNode> all = h.domainStatus();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    // ---- the table of docs/rules.md §6

    @Test
    void threeMailboxesOneUnhealthyWarnTheDomain() {
        mailboxes("three.io", 3);
        warn("three.io", 1);

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN three.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=1/3");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("three.io WARNING UNHEALTHY_RATIO unhealthy=1/3 risk=20");
    }

    @Test
    void tenMailboxesTwoUnhealthyKeepTheDomainHealthy() {
        mailboxes("ten.io", 10);
        warn("ten.io", 2);

        assertThat(h.domainChanges()).isEmpty();
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("ten.io HEALTHY null unhealthy=2/10 risk=12");
    }

    @Test
    void tenMailboxesFiveUnhealthyPauseTheDomain() {
        mailboxes("ten2.io", 10);
        warn("ten2.io", 5);

        assertThat(changes(h.domainChanges()))
                .containsExactly(
                        "DOMAIN ten2.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=3/10",
                        "DOMAIN ten2.io WARNING->PAUSED UNHEALTHY_RATIO unhealthy=5/10");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("ten2.io PAUSED UNHEALTHY_RATIO unhealthy=5/10 risk=30");
    }

    @Test
    void thirtyMailboxesTenUnhealthyWarnTheDomain() {
        mailboxes("thirty.io", 30);
        warn("thirty.io", 10);

        assertThat(changes(h.domainChanges()))
                .containsExactly(
                        "DOMAIN thirty.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=9/30");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("thirty.io WARNING UNHEALTHY_RATIO unhealthy=10/30 risk=20");
    }

    @Test
    void twoHundredMailboxesHundredTenUnhealthyPauseTheDomain() {
        mailboxes("agency.io", 200);
        warn("agency.io", 110);

        assertThat(changes(h.domainChanges()))
                .containsExactly(
                        "DOMAIN agency.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=60/200",
                        "DOMAIN agency.io WARNING->PAUSED UNHEALTHY_RATIO unhealthy=100/200");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("agency.io PAUSED UNHEALTHY_RATIO unhealthy=110/200 risk=33");
    }

    // ---- the whole emitted sequence, retractions included

    @Test
    void domainStatusFollowsEveryMailboxChangeIncludingRecoveriesAndRemovals() {
        h.send("a@small.io");
        h.send("b@small.io");
        h.send("c@small.io");
        String complaintA = h.complaint("a@small.io");
        h.sends("a@small.io", 98);
        String hundredthA = h.send("a@small.io");
        String complaintB = h.complaint("b@small.io");
        h.mailboxCommand("b@small.io", "REMOVE");
        h.mailboxCommand("c@small.io", "REMOVE");

        assertThat(domainHealths(h.domainStatus()))
                .containsExactly(
                        "small.io HEALTHY null unhealthy=0/1 risk=0",
                        "small.io HEALTHY null unhealthy=0/2 risk=0",
                        "small.io HEALTHY null unhealthy=0/3 risk=0",
                        "small.io WARNING UNHEALTHY_RATIO unhealthy=1/3 risk=0",
                        "small.io HEALTHY UNHEALTHY_RATIO unhealthy=0/3 risk=0",
                        "small.io WARNING UNHEALTHY_RATIO unhealthy=1/3 risk=0",
                        "small.io HEALTHY UNHEALTHY_RATIO unhealthy=0/2 risk=0",
                        "small.io HEALTHY UNHEALTHY_RATIO unhealthy=0/1 risk=0");
        List<Keyed> changes = h.statusChangeRecords();
        assertThat(changes(changes.stream().map(Keyed::value).toList()))
                .containsExactly(
                        "a@small.io HEALTHY->WARNING COMPLAINTS window=1/0 cause=" + complaintA,
                        "DOMAIN small.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=1/3",
                        "a@small.io WARNING->HEALTHY RECOVERED window=50/0 cause=" + hundredthA,
                        "DOMAIN small.io WARNING->HEALTHY UNHEALTHY_RATIO unhealthy=0/3",
                        "b@small.io HEALTHY->WARNING COMPLAINTS window=1/0 cause=" + complaintB,
                        "DOMAIN small.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=1/3",
                        "DOMAIN small.io WARNING->HEALTHY UNHEALTHY_RATIO unhealthy=0/2");
        // What each rule measured: a complaint, then one of three mailboxes, then the complaint
        // slid out, then none of three, and last a fleet too small for the ratio rules.
        assertThat(changes)
                .extracting(c -> c.value().get("evidence").toString())
                .containsExactly(
                        "{\"rule\":\"COMPLAINTS\",\"threshold\":1,\"value\":1}",
                        "{\"rule\":\"UNHEALTHY_RATIO\",\"threshold\":0.3,\"value\":0.3333}",
                        "{\"rule\":\"COMPLAINTS\",\"threshold\":1,\"value\":0.5}",
                        "{\"rule\":\"UNHEALTHY_RATIO\",\"threshold\":0.3,\"value\":0}",
                        "{\"rule\":\"COMPLAINTS\",\"threshold\":1,\"value\":1}",
                        "{\"rule\":\"UNHEALTHY_RATIO\",\"threshold\":0.3,\"value\":0.3333}",
                        "{\"rule\":\"MIN_MAILBOXES\",\"threshold\":3,\"value\":2}");
        assertThat(changes)
                .extracting(Keyed::key)
                .containsExactly(
                        "a@small.io",
                        "small.io",
                        "a@small.io",
                        "small.io",
                        "b@small.io",
                        "small.io",
                        "small.io");
    }

    @Test
    void riskMovesTheDomainAverageInFivePointSteps() {
        mailboxes("risk.io", 5);
        h.discardOutputs();

        h.bounce("m0@risk.io");
        h.bounce("m0@risk.io");

        assertThat(domainHealths(h.domainStatus()))
                .containsExactly(
                        "risk.io HEALTHY null unhealthy=0/5 risk=4",
                        "risk.io HEALTHY null unhealthy=0/5 risk=8");
    }

    // ---- only summary changes cross the repartition

    @Test
    void cleanSendsDoNotReachTheDomainAggregation() {
        for (int i = 0; i < 100; i++) {
            for (int m = 0; m < 5; m++) {
                h.send("m" + m + "@busy.io");
            }
        }

        assertThat(h.mailboxStatusKeyed()).hasSize(500);
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly(
                        "busy.io HEALTHY null unhealthy=0/1 risk=0",
                        "busy.io HEALTHY null unhealthy=0/2 risk=0",
                        "busy.io HEALTHY null unhealthy=0/3 risk=0",
                        "busy.io HEALTHY null unhealthy=0/4 risk=0",
                        "busy.io HEALTHY null unhealthy=0/5 risk=0");
        assertThat(h.recordsWrittenTo("domain-members-repartition")).isEqualTo(5);
    }

    // ---- a paused domain blocks all its mailboxes

    @Test
    void domainPauseBlocksEveryMailboxOfTheDomainIncludingHealthyOnes() {
        h.send("h1@block.io");
        h.send("h2@block.io");
        h.send("w1@block.io");
        h.send("w2@block.io");
        h.send("x@other.io");
        h.complaint("w1@block.io");
        h.discardOutputs();

        h.complaint("w2@block.io");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN block.io HEALTHY->PAUSED UNHEALTHY_RATIO unhealthy=2/4");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "w2@block.io WARNING COMPLAINTS window=1/0 totals=1/0 allowed",
                        "h1@block.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "h2@block.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "w1@block.io WARNING COMPLAINTS window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "w2@block.io WARNING COMPLAINTS window=1/0 totals=1/0 blocked-by-DOMAIN");
    }

    /**
     * docs/rules.md §6: a paused domain blocks every one of its mailboxes (sendingAllowed=false,
     * blockedBy=DOMAIN), a mailbox that is paused on its own included.
     */
    @Test
    void domainPauseMarksEvenItsOwnPausedMailboxesBlockedByDomain() {
        h.send("h1@pin.io");
        h.send("h2@pin.io");
        h.bounces("p1@pin.io", 5);
        h.discardOutputs();

        h.complaint("w1@pin.io");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN pin.io WARNING->PAUSED UNHEALTHY_RATIO unhealthy=2/4");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "w1@pin.io WARNING COMPLAINTS window=0/0 totals=0/0 allowed",
                        "h1@pin.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "h2@pin.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "p1@pin.io PAUSED BOUNCE_COUNT window=0/5 totals=0/5 blocked-by-DOMAIN",
                        "w1@pin.io WARNING COMPLAINTS window=0/0 totals=0/0 blocked-by-DOMAIN");
    }

    @Test
    void eventsOfABlockedMailboxKeepItBlocked() {
        h.send("h1@block2.io");
        h.complaint("w1@block2.io");
        h.complaint("w2@block2.io");
        h.discardOutputs();

        h.send("h1@block2.io");

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "h1@block2.io HEALTHY null window=2/0 totals=2/0 blocked-by-DOMAIN");
    }

    @Test
    void newHealthyMailboxDilutesTheRatioAndUnblocksTheDomain() {
        h.send("h1@block3.io");
        h.send("h2@block3.io");
        h.complaint("w1@block3.io");
        h.complaint("w2@block3.io");
        h.discardOutputs();

        h.send("h3@block3.io");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN block3.io PAUSED->WARNING UNHEALTHY_RATIO unhealthy=2/5");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "h3@block3.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "h1@block3.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "h2@block3.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "h3@block3.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "w1@block3.io WARNING COMPLAINTS window=0/0 totals=0/0 allowed",
                        "w2@block3.io WARNING COMPLAINTS window=0/0 totals=0/0 allowed");
    }

    @Test
    void resetOfAnUnhealthyMailboxUnpausesTheDomainAndUnblocksItsMailboxes() {
        h.send("h1@block4.io");
        h.send("h2@block4.io");
        h.send("w1@block4.io");
        h.send("w2@block4.io");
        h.complaint("w1@block4.io");
        h.complaint("w2@block4.io");
        h.discardOutputs();

        String reset = h.mailboxCommand("w2@block4.io", "RESET");

        assertThat(changes(h.statusChangeRecords().stream().map(Keyed::value).toList()))
                .containsExactly(
                        "w2@block4.io WARNING->HEALTHY OPERATOR window=0/0 cause=" + reset,
                        "DOMAIN block4.io PAUSED->HEALTHY UNHEALTHY_RATIO unhealthy=1/4");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "w2@block4.io HEALTHY OPERATOR window=0/0 totals=1/0 blocked-by-DOMAIN",
                        "h1@block4.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "h2@block4.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "w1@block4.io WARNING COMPLAINTS window=1/0 totals=1/0 allowed",
                        "w2@block4.io HEALTHY OPERATOR window=0/0 totals=1/0 allowed");
    }

    // ---- operator commands on domains

    @Test
    void operatorPauseBlocksEveryMailboxOfAHealthyDomain() {
        mailboxes("ops.io", 3);
        h.discardOutputs();

        h.domainCommand("ops.io", "PAUSE");

        assertThat(changes(h.statusChangeRecords().stream().map(Keyed::value).toList()))
                .containsExactly("DOMAIN ops.io HEALTHY->PAUSED OPERATOR unhealthy=0/3");
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops.io PAUSED OPERATOR unhealthy=0/3 risk=0 operator-paused");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "m0@ops.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "m1@ops.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "m2@ops.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN");
    }

    @Test
    void operatorResumeUnblocksTheMailboxesAndHandsTheDomainBackToItsRatio() {
        mailboxes("ops2.io", 3);
        h.domainCommand("ops2.io", "PAUSE");
        h.discardOutputs();

        h.domainCommand("ops2.io", "RESUME");

        assertThat(changes(h.statusChangeRecords().stream().map(Keyed::value).toList()))
                .containsExactly("DOMAIN ops2.io PAUSED->HEALTHY OPERATOR unhealthy=0/3");
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops2.io HEALTHY OPERATOR unhealthy=0/3 risk=0");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "m0@ops2.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "m1@ops2.io HEALTHY null window=1/0 totals=1/0 allowed",
                        "m2@ops2.io HEALTHY null window=1/0 totals=1/0 allowed");
    }

    @Test
    void operatorPausedDomainIgnoresItsRatioUntilResumed() {
        mailboxes("ops3.io", 3);
        h.domainCommand("ops3.io", "PAUSE");
        warn("ops3.io", 2);
        h.mailboxCommand("m0@ops3.io", "RESET");
        h.mailboxCommand("m1@ops3.io", "RESET");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN ops3.io HEALTHY->PAUSED OPERATOR unhealthy=0/3");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("ops3.io PAUSED OPERATOR unhealthy=0/3 risk=0 operator-paused");
    }

    @Test
    void resumeOfADomainWhoseRatioCallsForAPauseKeepsItPausedWithoutAnEvent() {
        mailboxes("ops4.io", 3);
        h.domainCommand("ops4.io", "PAUSE");
        warn("ops4.io", 2);
        h.discardOutputs();

        h.domainCommand("ops4.io", "RESUME");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops4.io PAUSED OPERATOR unhealthy=2/3 risk=40");
        assertThat(h.mailboxStatusKeyed()).isEmpty();

        h.mailboxCommand("m0@ops4.io", "RESET");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN ops4.io PAUSED->WARNING UNHEALTHY_RATIO unhealthy=1/3");
    }

    @Test
    void operatorPauseOfAnUnknownDomainBlocksMailboxesThatJoinLater() {
        h.domainCommand("later.io", "PAUSE");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN later.io HEALTHY->PAUSED OPERATOR unhealthy=0/0");

        h.send("new@later.io");

        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "new@later.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN");
        assertThat(domainHealth(lastDomainStatus()))
                .isEqualTo("later.io PAUSED OPERATOR unhealthy=0/1 risk=0 operator-paused");
    }

    @Test
    void operatorPauseHoldsARatioPausedDomainAfterItsRatioFalls() {
        h.send("h1@hold.io");
        h.complaint("w1@hold.io");
        h.complaint("w2@hold.io");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN hold.io HEALTHY->PAUSED UNHEALTHY_RATIO unhealthy=2/3");
        h.discardOutputs();

        h.domainCommand("hold.io", "PAUSE");
        h.mailboxCommand("w1@hold.io", "RESET");
        h.mailboxCommand("w2@hold.io", "RESET");

        assertThat(changes(h.domainChanges())).isEmpty();
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly(
                        "hold.io PAUSED UNHEALTHY_RATIO unhealthy=2/3 risk=0 operator-paused",
                        "hold.io PAUSED UNHEALTHY_RATIO unhealthy=1/3 risk=0 operator-paused",
                        "hold.io PAUSED UNHEALTHY_RATIO unhealthy=0/3 risk=0 operator-paused");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "w1@hold.io HEALTHY OPERATOR window=0/0 totals=0/0 blocked-by-DOMAIN",
                        "w2@hold.io HEALTHY OPERATOR window=0/0 totals=0/0 blocked-by-DOMAIN");

        h.domainCommand("hold.io", "RESUME");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN hold.io PAUSED->HEALTHY OPERATOR unhealthy=0/3");
    }

    /** As for mailboxes, resuming what is not known has nothing to act on. */
    @Test
    void resumeOfAnUnknownDomainDoesNothing() {
        h.domainCommand("ghost.io", "RESUME");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.domainStatus()).isEmpty();
        assertThat(h.mailboxStatusKeyed()).isEmpty();
    }

    @Test
    void domainCommandsNameTheDomainInAnyCase() {
        mailboxes("acme.io", 2);
        h.discardOutputs();

        h.domainCommand("ACME.IO", "PAUSE");

        assertThat(h.statusChangeRecords()).extracting(Keyed::key).containsExactly("acme.io");
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "m0@acme.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN",
                        "m1@acme.io HEALTHY null window=1/0 totals=1/0 blocked-by-DOMAIN");
    }

    @Test
    void repeatedOperatorPauseEmitsNothingMore() {
        mailboxes("ops5.io", 2);
        h.domainCommand("ops5.io", "PAUSE");
        h.discardOutputs();

        h.domainCommand("ops5.io", "PAUSE");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.domainStatus()).isEmpty();
        assertThat(h.mailboxStatusKeyed()).isEmpty();
    }
}
