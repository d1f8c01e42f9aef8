package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Duplicates within a time window (docs/rules.md §8): an event id of the same kind seen again
 * within {@code dedupe.send-window} (sends) or {@code dedupe.window} (bounces and complaints) of
 * its first arrival counts once, however many events came in between; the rules' clock decides, not
 * the event's own timestamp.
 */
class DuplicateWindowTest {

    private static final String MAILBOX = MailboxDriver.MAILBOX;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MILLI = Duration.ofMillis(1);

    private static MailboxEvent.Send send(String id) {
        return new MailboxEvent.Send(id, MAILBOX, MailboxDriver.START);
    }

    /** A SOFT bounce: totalled, never counted in the window, so no pause gets in the way. */
    private static MailboxEvent.Bounce softBounce(String id) {
        return new MailboxEvent.Bounce(id, MAILBOX, MailboxDriver.START, BounceType.SOFT);
    }

    @Test
    void theSameTwentySendBatchDeliveredTwiceCountsTwenty() {
        MailboxDriver mailbox = new MailboxDriver();
        for (int delivery = 0; delivery < 2; delivery++) {
            for (int i = 0; i < 20; i++) {
                mailbox.apply(send("batch-7-" + i));
                mailbox.advance(Duration.ofSeconds(1));
            }
        }

        assertThat(mailbox.state().totalSends()).isEqualTo(20);
        assertThat(mailbox.state().window().sends()).isEqualTo(MailboxWindow.toUnits(20));
    }

    @Test
    void aBounceRepeatedAfterEightOtherBouncesCountsOnce() {
        assertThat(bouncesCountedWhenRepeatedAfter(8)).isEqualTo(9);
    }

    @Test
    void aBounceRepeatedAfterAThousandOtherBouncesCountsOnce() {
        assertThat(bouncesCountedWhenRepeatedAfter(1_000)).isEqualTo(1_001);
    }

    /** One bounce, {@code others} other bounces a minute apart, then the first again. */
    private static long bouncesCountedWhenRepeatedAfter(int others) {
        MailboxDriver mailbox = new MailboxDriver();
        mailbox.apply(softBounce("first"));
        for (int i = 0; i < others; i++) {
            mailbox.advance(Duration.ofMinutes(1)).apply(softBounce("other-" + i));
        }
        MailboxDecision repeat = mailbox.advance(Duration.ofMinutes(1)).apply(softBounce("first"));

        assertThat(repeat.counted()).as("the repeat").isFalse();
        return mailbox.state().totalBounces();
    }

    @Test
    void aBounceRepeatedWithinItsWeekCountsOnceAndAfterItCountsAgain() {
        MailboxDriver mailbox = new MailboxDriver();
        mailbox.apply(softBounce("b-1"));

        assertThat(mailbox.advance(WEEK.minus(MILLI)).apply(softBounce("b-1")).counted())
                .as("a millisecond before the week is up")
                .isFalse();
        assertThat(mailbox.advance(MILLI).apply(softBounce("b-1")).counted())
                .as("a week after the first arrival")
                .isTrue();
        assertThat(mailbox.state().totalBounces()).isEqualTo(2);
        // Counted again, it is first seen anew: its week starts over.
        assertThat(mailbox.advance(WEEK.minus(MILLI)).apply(softBounce("b-1")).counted()).isFalse();
    }

    @Test
    void aComplaintSharesTheWeekOfBounces() {
        MailboxDriver mailbox = new MailboxDriver();
        mailbox.apply(new MailboxEvent.Complaint("fbl-1", MAILBOX, MailboxDriver.START));
        mailbox.advance(Duration.ofDays(6));

        assertThat(
                        mailbox.apply(
                                        new MailboxEvent.Complaint(
                                                "fbl-1", MAILBOX, MailboxDriver.START))
                                .counted())
                .isFalse();
        assertThat(mailbox.state().totalComplaints()).isEqualTo(1);
    }

    @Test
    void sendIdsExpireAfterAnHourWhileBounceIdsLastTheWeek() {
        MailboxDriver mailbox = new MailboxDriver();
        mailbox.apply(send("s-1"));
        mailbox.apply(softBounce("b-1"));

        assertThat(mailbox.advance(HOUR.minus(MILLI)).apply(send("s-1")).counted())
                .as("a send within its hour")
                .isFalse();
        mailbox.advance(MILLI);
        assertThat(mailbox.apply(send("s-1")).counted()).as("a send an hour later").isTrue();
        assertThat(mailbox.apply(softBounce("b-1")).counted())
                .as("a bounce an hour later")
                .isFalse();
        assertThat(mailbox.state().totalSends()).isEqualTo(2);
        assertThat(mailbox.state().totalBounces()).isEqualTo(1);
    }

    @Test
    void theRulesClockDatesARepeatNotTheEventsOwnTimestamp() {
        MailboxDriver mailbox = new MailboxDriver();
        long original = MailboxDriver.START - Duration.ofDays(30).toMillis();
        MailboxEvent.Bounce old =
                new MailboxEvent.Bounce("b-old", MAILBOX, original, BounceType.SOFT);

        // A bounce dated a month ago, redelivered a minute after it first arrived: a duplicate.
        assertThat(mailbox.apply(old).counted()).isTrue();
        assertThat(mailbox.advance(Duration.ofMinutes(1)).apply(old).counted()).isFalse();
        // The same redelivery, with the same old timestamp, a week after it first arrived: counted.
        assertThat(mailbox.advance(WEEK).apply(old).counted()).isTrue();
    }

    @Test
    void aClockThatGoesBackDoesNotMakeAnIdNewAgain() {
        MailboxDriver mailbox = new MailboxDriver();
        mailbox.apply(send("s-1"));
        mailbox.advance(Duration.ofMinutes(30)).apply(send("s-2"));

        // Earlier than s-1's arrival: ids are dated by the latest time seen, never before it.
        assertThat(mailbox.at(MailboxDriver.START - HOUR.toMillis()).apply(send("s-1")).counted())
                .isFalse();
        assertThat(mailbox.state().totalSends()).isEqualTo(2);
    }

    @Test
    void theWindowsAreSettings() {
        Map<String, Object> values =
                RuleSetting.ALL.stream()
                        .collect(Collectors.toMap(RuleSetting::key, RuleSetting::typedDefault));
        values.put("dedupe.window", Duration.ofMinutes(10));
        values.put("dedupe.send-window", Duration.ofMinutes(5));
        MailboxDriver mailbox = new MailboxDriver(RuleSettings.from(values));
        mailbox.apply(send("s-1"));
        mailbox.apply(softBounce("b-1"));
        mailbox.advance(Duration.ofMinutes(5));

        assertThat(mailbox.apply(send("s-1")).counted()).isTrue();
        assertThat(mailbox.apply(softBounce("b-1")).counted()).isFalse();
        assertThat(mailbox.advance(Duration.ofMinutes(5)).apply(softBounce("b-1")).counted())
                .isTrue();
    }

    @Test
    void twoDecisionsFromOneStoredStateDoNotSeeEachOthersIds() {
        MailboxDriver mailbox = new MailboxDriver();
        for (int i = 0; i < 100; i++) {
            mailbox.advance(Duration.ofSeconds(1)).apply(send("s-" + i));
        }
        MailboxRules rules = mailbox.rules();
        MailboxState stored = mailbox.state();
        long now = mailbox.now();

        MailboxState a = rules.onEvent(stored, send("a"), now).state();
        MailboxState b = rules.onEvent(stored, send("b"), now).state();

        assertThat(rules.onEvent(a, send("b"), now).counted()).isTrue();
        assertThat(rules.onEvent(b, send("a"), now).counted()).isTrue();
        assertThat(rules.onEvent(stored, send("a"), now).counted()).isTrue();
        assertThat(rules.onEvent(b, send("b"), now).counted()).isFalse();
        assertThat(stored.recentSends().size()).isEqualTo(100);
    }
}
