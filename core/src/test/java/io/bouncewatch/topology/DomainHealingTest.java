package io.bouncewatch.topology;

import static io.bouncewatch.topology.TopologyHarness.changes;
import static io.bouncewatch.topology.TopologyHarness.domainHealths;
import static io.bouncewatch.topology.TopologyHarness.healths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.bouncewatch.topology.TopologyHarness.Keyed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A domain over time (docs/rules.md §6), driven by the wall clock alone: a domain paused by its
 * ratio resumes when its mailboxes' cooldowns end, since probation counts as healthy; a mailbox
 * with no event for {@code domain.inactive-after} leaves its domain's count, noticed by the
 * domain's punctuator, and comes back with its next event. Each test has a driver of its own, since
 * moving the clock by days would move every other test's mailboxes too.
 */
class DomainHealingTest {

    private static final Duration DAY = Duration.ofDays(1);

    private TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness();
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /**
     * 65 sends after its first, then 2 bounces: 3.03% at volume pauses it, with a cooldown of 24
     * hours.
     */
    private void pauseAtRate(String mailbox) {
        h.sends(mailbox, 65);
        h.bounce(mailbox);
        h.bounce(mailbox);
    }

    @Test
    void aDomainPausedByItsRatioResumesWhenItsMailboxesGoOnProbation() {
        for (String mailbox : List.of("ok", "p1", "p2", "p3")) {
            h.send(mailbox + "@heal.io");
        }
        pauseAtRate("p1@heal.io");
        pauseAtRate("p2@heal.io");
        pauseAtRate("p3@heal.io");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN heal.io HEALTHY->PAUSED UNHEALTHY_RATIO unhealthy=2/4");

        h.advance(DAY);

        assertThat(changes(h.domainChanges()))
                .as("cooldowns over, the mailboxes on probation count as healthy")
                .containsExactly("DOMAIN heal.io PAUSED->HEALTHY UNHEALTHY_RATIO unhealthy=1/4");
        assertThat(domainHealths(h.domainStatus()))
                .last()
                .isEqualTo("heal.io HEALTHY UNHEALTHY_RATIO unhealthy=0/4 risk=15");
        assertThat(healths(h.mailboxStatusKeyed()))
                .filteredOn(health -> health.startsWith("p1@"))
                .last()
                .asString()
                .startsWith("p1@heal.io WARNING COOLDOWN_EXPIRED")
                .endsWith("allowed");

        // Now they may send: one heals with clean sends, another bounces and pauses again.
        h.sends("p1@heal.io", 200);
        h.bounces("p2@heal.io", 4);

        assertThat(changes(h.statusChangeRecords().stream().map(Keyed::value).toList()))
                .filteredOn(c -> c.startsWith("p1@") || c.startsWith("p2@"))
                .extracting(c -> c.substring(0, c.indexOf(" window")))
                .containsExactly(
                        "p1@heal.io WARNING->HEALTHY RECOVERED",
                        "p2@heal.io WARNING->PAUSED BOUNCE_COUNT");
        assertThat(changes(h.domainChanges())).isEmpty();
        assertThat(domainHealths(h.domainStatus()))
                .last()
                .asString()
                .startsWith("heal.io HEALTHY UNHEALTHY_RATIO unhealthy=1/4");
    }

    @Test
    void twoPausedMailboxesOfTwoLeaveTheDomainHealthy() {
        h.bounces("a@pair.io", 5);
        h.bounces("b@pair.io", 5);

        assertThat(h.domainChanges()).isEmpty();
        assertThat(domainHealths(h.domainStatus()))
                .last()
                .isEqualTo("pair.io HEALTHY null unhealthy=2/2 risk=100");
        assertThat(healths(h.mailboxStatusKeyed()))
                .contains(
                        "a@pair.io PAUSED BOUNCE_COUNT window=0/5 totals=0/5 blocked-by-MAILBOX",
                        "b@pair.io PAUSED BOUNCE_COUNT window=0/5 totals=0/5 blocked-by-MAILBOX")
                .noneMatch(health -> health.endsWith("blocked-by-DOMAIN"));
    }

    @Test
    void aDormantHealthyMailboxNoLongerDilutesItsDomain() {
        h.send("a@dilute.io");
        h.send("b@dilute.io");
        h.send("idle@dilute.io");
        h.bounces("w@dilute.io", 3);
        h.advance(Duration.ofDays(20));
        h.recordsWrittenTo("domain-members-repartition");
        h.send("a@dilute.io");
        h.send("b@dilute.io");
        h.send("w@dilute.io");
        assertThat(h.recordsWrittenTo("domain-members-repartition"))
                .as("a new day of activity reaches the domain once per mailbox")
                .isEqualTo(3);
        h.discardOutputs();

        h.advance(Duration.ofDays(10));
        assertThat(h.domainChanges()).as("30 days after its last event it still counts").isEmpty();

        h.advance(DAY);

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN dilute.io HEALTHY->WARNING UNHEALTHY_RATIO unhealthy=1/3");

        h.send("idle@dilute.io");

        assertThat(changes(h.domainChanges()))
                .as("its next event brings it back")
                .containsExactly("DOMAIN dilute.io WARNING->HEALTHY UNHEALTHY_RATIO unhealthy=1/4");
    }

    @Test
    void dormantWarnedMailboxesNoLongerPinTheirDomainPaused() {
        for (String mailbox : List.of("a", "b", "w1", "w2")) {
            h.send(mailbox + "@pin.io");
        }
        h.complaint("w1@pin.io");
        h.complaint("w2@pin.io");
        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN pin.io HEALTHY->PAUSED UNHEALTHY_RATIO unhealthy=2/4");
        for (int day = 0; day < 30; day += 10) {
            h.advance(Duration.ofDays(10));
            h.send("a@pin.io");
            h.send("b@pin.io");
        }
        h.discardOutputs();

        h.advance(DAY);

        assertThat(changes(h.domainChanges()))
                .containsExactly("DOMAIN pin.io PAUSED->HEALTHY UNHEALTHY_RATIO unhealthy=0/2");
        assertThat(healths(h.mailboxStatusKeyed()))
                .extracting(health -> health.substring(health.lastIndexOf(' ') + 1))
                .containsOnly("allowed");
    }

    @Test
    void aMailboxWhoseEventsArriveAlreadyTooOldIsNotCounted() {
        h.advance(Duration.ofDays(40));
        for (String mailbox : List.of("a", "b", "c")) {
            h.send(mailbox + "@backlog.io");
        }
        h.discardOutputs();

        h.send(
                "old@backlog.io",
                "old@backlog.io",
                "s-old",
                h.eventTime().minus(DAY.multipliedBy(35)));

        assertThat(domainHealths(h.domainStatus())).isEmpty();
        assertThat(healths(h.mailboxStatusKeyed()))
                .as("the mailbox itself is counted as usual")
                .containsExactly("old@backlog.io HEALTHY null window=1/0 totals=1/0 allowed");
    }

    @Test
    void aDomainWhoseMailboxesAreAllDormantIsForgotten() {
        h.send("a@gone.io");
        h.discardOutputs();

        h.advance(Duration.ofDays(32));

        assertThat(h.domainStatusKeyed())
                .extracting(Keyed::key, Keyed::tombstone)
                .containsExactly(tuple("gone.io", true));
    }
}
