package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.domainHealths;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator commands on {@code mailbox.commands} for single mailboxes. The mailbox shares its domain
 * with three healthy ones, so one unhealthy mailbox (25%) never moves the domain.
 */
class OperatorCommandsTest {

    private static final String MAILBOX = "target@ops.io";

    private TopologyHarness h;

    /** The topology's settings; a subclass runs the same tests with others. */
    protected TopologySettings settings() {
        return TopologySettings.defaults();
    }

    @BeforeEach
    void start() {
        h = new TopologyHarness(settings());
        h.send("f1@ops.io");
        h.send("f2@ops.io");
        h.send("f3@ops.io");
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void pausePausesAHealthyMailboxWithReasonOperatorAndNoCooldown() {
        h.sends(MAILBOX, 5);
        h.discardOutputs();

        String pause = h.mailboxCommand(MAILBOX, "PAUSE");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(MAILBOX + " HEALTHY->PAUSED OPERATOR window=5/0 cause=" + pause);
        assertThat(changes.get(0).get("cooldownUntil").isNull()).isTrue();
        assertThat(changes.get(0).get("at").asText()).isEqualTo(h.eventTime().toString());
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(
                        MAILBOX + " PAUSED OPERATOR window=5/0 totals=5/0 blocked-by-MAILBOX");
        assertThat(status.get(0).value().get("riskScore").asInt()).isEqualTo(100);
    }

    @Test
    void repeatedPauseChangesNothing() {
        h.sends(MAILBOX, 5);
        h.mailboxCommand(MAILBOX, "PAUSE");
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "PAUSE");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.domainStatus()).isEmpty();
    }

    @Test
    void eventsOfAnOperatorPausedMailboxAreCountedButDoNotUnpauseIt() {
        h.sends(MAILBOX, 5);
        h.mailboxCommand(MAILBOX, "PAUSE");
        h.discardOutputs();

        h.sends(MAILBOX, 100);

        assertThat(h.statusChangeRecords()).isEmpty();
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(List.of(status.get(status.size() - 1))))
                .containsExactly(
                        MAILBOX + " PAUSED OPERATOR window=55/0 totals=105/0 blocked-by-MAILBOX");
    }

    @Test
    void resumeOfAnOperatorPauseSlidesTheWindowOnceAndStartsProbation() {
        h.sends(MAILBOX, 5);
        h.mailboxCommand(MAILBOX, "PAUSE");
        h.discardOutputs();

        String resume = h.mailboxCommand(MAILBOX, "RESUME");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " PAUSED->WARNING OPERATOR window=2.5/0 cause=" + resume);
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(MAILBOX + " WARNING OPERATOR window=2.5/0 totals=5/0 allowed");
        assertThat(status.get(0).value().get("probationSendsRemaining").asInt()).isEqualTo(60);
    }

    @Test
    void resumeOfARulePauseActsAsACooldownExpiry() {
        h.bounces(MAILBOX, 5);
        h.discardOutputs();

        String resume = h.mailboxCommand(MAILBOX, "RESUME");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " PAUSED->WARNING OPERATOR window=0/2.5 cause=" + resume);
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
        h.advance(Duration.ofHours(25));
        assertThat(h.statusChangeRecords()).isEmpty();
    }

    @Test
    void resumedMailboxHealsAfterSixtyCleanSends() {
        h.sends(MAILBOX, 5);
        h.mailboxCommand(MAILBOX, "PAUSE");
        h.mailboxCommand(MAILBOX, "RESUME");
        h.discardOutputs();

        h.sends(MAILBOX, 59);
        String last = h.send(MAILBOX);

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(
                        MAILBOX + " WARNING->HEALTHY RECOVERED window=62.5/0 cause=" + last);
    }

    @Test
    void resumeOfAMailboxThatIsNotPausedDoesNothing() {
        h.sends(MAILBOX, 10);
        h.bounces(MAILBOX, 3);
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "RESUME", "op-r", "nothing to resume", "ops@acme.io");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.domainStatus()).isEmpty();
        // The command is still the mailbox's last operator action, remembered against a retry.
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(
                        MAILBOX + " WARNING EARLY_WARNING window=10/3 totals=10/3 allowed");
        assertThat(status.get(0).value().get("note").asText()).isEqualTo("nothing to resume");
    }

    @Test
    void resetClearsTheWindowKeepsTheTotalsAndReevaluates() {
        h.sends(MAILBOX, 10);
        h.bounces(MAILBOX, 3);
        h.discardOutputs();

        String reset = h.mailboxCommand(MAILBOX, "RESET");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(MAILBOX + " WARNING->HEALTHY OPERATOR window=0/0 cause=" + reset);
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(MAILBOX + " HEALTHY OPERATOR window=0/0 totals=10/3 allowed");
    }

    @Test
    void resetOfARulePausedMailboxUnpausesItAndCancelsItsCooldown() {
        h.bounces(MAILBOX, 5);
        h.discardOutputs();

        String reset = h.mailboxCommand(MAILBOX, "RESET");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(MAILBOX + " PAUSED->HEALTHY OPERATOR window=0/0 cause=" + reset);
        List<Keyed> status = h.mailboxStatusKeyed();
        assertThat(healths(status))
                .containsExactly(MAILBOX + " HEALTHY OPERATOR window=0/0 totals=0/5 allowed");
        assertThat(status.get(0).value().get("cooldownUntil").isNull()).isTrue();
        assertThat(h.entries(MonitorTopology.COOLDOWN_STORE)).isZero();
    }

    @Test
    void resetEndsProbation() {
        h.bounces(MAILBOX, 5);
        h.mailboxCommand(MAILBOX, "RESUME");
        h.discardOutputs();

        String reset = h.mailboxCommand(MAILBOX, "RESET");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly(MAILBOX + " WARNING->HEALTHY OPERATOR window=0/0 cause=" + reset);
        assertThat(h.mailboxStatusKeyed())
                .singleElement()
                .satisfies(
                        r -> assertThat(r.value().get("probationSendsRemaining").asInt()).isZero());
    }

    @Test
    void resetOfAHealthyMailboxClearsItsWindowWithoutAStatusChange() {
        h.sends(MAILBOX, 5);
        h.bounce(MAILBOX);
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "RESET");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(MAILBOX + " HEALTHY null window=0/0 totals=5/1 allowed");
    }

    @Test
    void removeWritesATombstoneAndTheMailboxLeavesItsDomain() {
        h.sends(MAILBOX, 5);
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "REMOVE");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed())).containsExactly("deleted " + MAILBOX);
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops.io HEALTHY null unhealthy=0/3 risk=0");
        assertThat(h.mailboxState(MAILBOX)).isNull();
    }

    @Test
    void removeOfAnUnhealthyMailboxLowersItsDomainRatio() {
        h.sends("w@ops.io", 10);
        h.bounces("w@ops.io", 3);
        h.bounces(MAILBOX, 3);
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN ops.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=2/5");
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "REMOVE");

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN ops.io WARNING->HEALTHY UNHEALTHY_RATIO unhealthy=1/4");
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops.io HEALTHY UNHEALTHY_RATIO unhealthy=1/4 risk=15");
    }

    @Test
    void removedMailboxStartsAfreshWhenItIsSeenAgain() {
        h.sends(MAILBOX, 10);
        h.bounces(MAILBOX, 3);
        h.mailboxCommand(MAILBOX, "REMOVE");
        h.discardOutputs();

        h.send(MAILBOX);

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(MAILBOX + " HEALTHY null window=1/0 totals=1/0 allowed");
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops.io HEALTHY null unhealthy=0/4 risk=0");
    }

    @Test
    void commandsNameTheMailboxInAnyCaseAndUnderAnyKey() {
        h.sends(MAILBOX, 5);
        h.discardOutputs();

        h.rawJson(
                "commands",
                "whatever",
                "{\"commandId\":\"op-upper\",\"mailbox\":\" TARGET@Ops.IO \","
                        + "\"action\":\"pause\"}");

        assertThat(h.statusChangeRecords()).extracting(Keyed::key).containsExactly(MAILBOX);
        assertThat(h.mailboxState(MAILBOX).status().name()).isEqualTo("PAUSED");
        assertThat(h.entries(MonitorTopology.MAILBOX_STORE)).isEqualTo(4);
    }

    // ---- unknown mailboxes

    @Test
    void resumeResetAndRemoveOfAnUnknownMailboxDoNothing() {
        h.discardOutputs();

        h.mailboxCommand("ghost@ops.io", "RESUME");
        h.mailboxCommand("ghost@ops.io", "RESET");
        h.mailboxCommand("ghost@ops.io", "REMOVE");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.mailboxStatusKeyed()).isEmpty();
        assertThat(h.domainStatus()).isEmpty();
        assertThat(h.deadLetters()).isEmpty();
        assertThat(h.mailboxState("ghost@ops.io")).isNull();
    }

    @Test
    void pauseOfAnUnknownMailboxHoldsItBeforeItsFirstSend() {
        h.discardOutputs();

        String pause = h.mailboxCommand("early@ops.io", "PAUSE");
        h.send("early@ops.io");

        assertThat(changes(h.mailboxChanges()))
                .containsExactly("early@ops.io HEALTHY->PAUSED OPERATOR window=0/0 cause=" + pause);
        assertThat(healths(h.mailboxStatusKeyed()))
                .containsExactly(
                        "early@ops.io PAUSED OPERATOR window=0/0 totals=0/0 blocked-by-MAILBOX",
                        "early@ops.io PAUSED OPERATOR window=1/0 totals=1/0 blocked-by-MAILBOX");
        assertThat(domainHealths(h.domainStatus()))
                .containsExactly("ops.io HEALTHY null unhealthy=1/4 risk=25");
    }

    @Test
    void aResumeCarriesTheOperatorAndTheirReasonOnTheChangeAndOnTheMailboxHealth() {
        h.bounces(MAILBOX, 5);
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "RESUME", "op-1", "list cleaned", "ops@acme.io");

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes(changes))
                .containsExactly(MAILBOX + " PAUSED->WARNING OPERATOR window=0/2.5 cause=op-1");
        assertThat(changes.get(0).get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(changes.get(0).get("note").asText()).isEqualTo("list cleaned");
        JsonNode health = h.mailboxStatus().get(0);
        assertThat(health.get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(health.get("note").asText()).isEqualTo("list cleaned");
    }

    @Test
    void aRuleChangeCarriesNoOperatorWhileTheMailboxHealthKeepsTheLastOne() {
        h.sends(MAILBOX, 20);
        h.mailboxCommand(MAILBOX, "RESET", "op-1", "new list", "ops@acme.io");
        h.discardOutputs();

        h.bounces(MAILBOX, 5);

        List<JsonNode> changes = h.mailboxChanges();
        assertThat(changes)
                .isNotEmpty()
                .allSatisfy(
                        c -> {
                            assertThat(c.get("operator").isNull()).isTrue();
                            assertThat(c.get("note").isNull()).isTrue();
                        });
        List<JsonNode> status = h.mailboxStatus();
        assertThat(status.get(status.size() - 1).get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(status.get(status.size() - 1).get("note").asText()).isEqualTo("new list");
    }

    @Test
    void aMailboxNoOperatorTouchedHasNoOperatorOrNote() {
        h.discardOutputs();
        h.bounces(MAILBOX, 3);

        assertThat(h.mailboxChanges())
                .isNotEmpty()
                .allSatisfy(
                        c ->
                                assertThat(c.get("operator").isNull() && c.get("note").isNull())
                                        .isTrue());
        assertThat(h.mailboxStatus())
                .isNotEmpty()
                .allSatisfy(
                        m ->
                                assertThat(m.get("operator").isNull() && m.get("note").isNull())
                                        .isTrue());
    }

    @Test
    void aDomainPauseCarriesTheOperatorAndTheirReason() {
        h.discardOutputs();

        h.domainCommand("ops.io", "PAUSE", "op-d", "DNS change", "ops@acme.io");

        List<JsonNode> changes = h.domainChanges();
        assertThat(changes(changes))
                .containsExactly("DOMAIN ops.io HEALTHY->PAUSED OPERATOR unhealthy=0/3");
        assertThat(changes.get(0).get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(changes.get(0).get("note").asText()).isEqualTo("DNS change");
        List<JsonNode> domain = h.domainStatus();
        assertThat(domain.get(domain.size() - 1).get("operator").asText()).isEqualTo("ops@acme.io");
        assertThat(domain.get(domain.size() - 1).get("note").asText()).isEqualTo("DNS change");
    }

    @Test
    void aResetRetriedWithTheSameCommandIdResetsOnce() {
        h.sends(MAILBOX, 10);
        h.bounces(MAILBOX, 3);
        h.mailboxCommand(MAILBOX, "RESET", "op-reset", "list cleaned", "ops@acme.io");
        h.bounces(MAILBOX, 3);
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "RESET", "op-reset", "list cleaned", "ops@acme.io");

        assertThat(h.statusChangeRecords()).as("the retry changes nothing").isEmpty();
        assertThat(h.mailboxState(MAILBOX).window().bounceCount()).isEqualTo(3.0);
        assertThat(h.mailboxState(MAILBOX).totalBounces()).isEqualTo(6);
    }

    @Test
    void aPauseAndResumeRetriedDoNotPauseOrResumeAgain() {
        h.sends(MAILBOX, 10);
        h.mailboxCommand(MAILBOX, "PAUSE", "op-p", "investigating", "ops@acme.io");
        h.mailboxCommand(MAILBOX, "RESUME", "op-r", "all clear", "ops@acme.io");
        h.discardOutputs();

        h.mailboxCommand(MAILBOX, "PAUSE", "op-p", "investigating", "ops@acme.io");
        h.mailboxCommand(MAILBOX, "RESUME", "op-r", "all clear", "ops@acme.io");

        assertThat(h.statusChangeRecords()).isEmpty();
        assertThat(h.mailboxState(MAILBOX).status()).isEqualTo(io.bouncewatch.rules.Status.WARNING);
        assertThat(h.mailboxState(MAILBOX).window().sendCount())
                .as("the window slid once, not twice")
                .isEqualTo(5.0);
    }

    @Test
    void aDomainPauseRetriedAfterItsResumeDoesNotPauseAgain() {
        h.domainCommand("ops.io", "PAUSE", "op-dp", "DNS change", "ops@acme.io");
        h.domainCommand("ops.io", "RESUME", "op-dr", "DNS fixed", "ops@acme.io");
        h.discardOutputs();

        h.domainCommand("ops.io", "PAUSE", "op-dp", "DNS change", "ops@acme.io");

        assertThat(h.statusChangeRecords()).isEmpty();
    }
}
