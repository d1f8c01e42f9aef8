package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The examples of the seed design (docs/rules.md §3), played as real event sequences. */
class SeedExamplesTest {

    private final MailboxRules rules = new MailboxRules(RuleSettings.DEFAULTS);

    @Test
    void fourSendsAndOneBounceStayHealthyBelowMinimumVolume() {
        MailboxDriver sendsFirst = new MailboxDriver().sends(4).bounces(1);
        MailboxDriver bounceFirst = new MailboxDriver().bounces(1).sends(4);
        MailboxDriver interleaved = new MailboxDriver().sends(2).bounces(1).sends(2);

        for (MailboxDriver mailbox : new MailboxDriver[] {sendsFirst, bounceFirst, interleaved}) {
            assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(4, 1, 0));
            assertThat(mailbox.status()).isEqualTo(Status.HEALTHY);
            assertThat(mailbox.transitions()).isEmpty();
        }
        assertThat(rules.evaluate(MailboxWindow.of(4, 1, 0), false)).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void eightySendsAndThreeBouncesPauseAtThreePointSevenFivePercent() {
        MailboxDriver mailbox = new MailboxDriver().sends(80).bounces(3);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(80, 3, 0));
        assertThat(mailbox.window().bounceRate()).isEqualTo(0.0375);
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
        assertThat(mailbox.transitions())
                .extracting(Transition::to, Transition::reason)
                .containsExactly(
                        tuple(Status.WARNING, Reason.BOUNCE_RATE),
                        tuple(Status.PAUSED, Reason.BOUNCE_RATE));
        assertThat(rules.evaluate(MailboxWindow.of(80, 3, 0), true))
                .isEqualTo(
                        new Verdict(
                                Status.PAUSED,
                                Reason.BOUNCE_RATE,
                                Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.03, 0.0375)));
    }

    @Test
    void eightySendsAndThreeInterleavedBouncesEndPaused() {
        MailboxDriver mailbox =
                new MailboxDriver().sends(26).bounces(1).sends(27).bounces(1).sends(27).bounces(1);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(80, 3, 0));
        assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        assertThat(mailbox.state().reason()).isEqualTo(Reason.BOUNCE_RATE);
    }

    @Test
    void threeBouncesWithinTheFirstSixtySendsWarn() {
        MailboxDriver interleaved =
                new MailboxDriver().sends(20).bounces(1).sends(20).bounces(1).sends(19).bounces(1);
        MailboxDriver bouncesFirst = new MailboxDriver().bounces(3).sends(59);

        for (MailboxDriver mailbox : new MailboxDriver[] {interleaved, bouncesFirst}) {
            assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(59, 3, 0));
            assertThat(mailbox.status()).isEqualTo(Status.WARNING);
            assertThat(mailbox.transitions())
                    .singleElement()
                    .satisfies(
                            t -> {
                                assertThat(t.from()).isEqualTo(Status.HEALTHY);
                                assertThat(t.to()).isEqualTo(Status.WARNING);
                                assertThat(t.reason()).isEqualTo(Reason.EARLY_WARNING);
                            });
        }
    }

    @ParameterizedTest(name = "with {0} sends in the window")
    @ValueSource(ints = {0, 1, 30, 59, 60, 80, 99})
    void fiveBouncesPauseAtAnyVolume(int sends) {
        assertThat(rules.evaluate(MailboxWindow.of(sends, 5, 0), sends >= 60))
                .isEqualTo(
                        new Verdict(
                                Status.PAUSED,
                                Reason.BOUNCE_COUNT,
                                Evidence.of(Evidence.Rule.BOUNCE_COUNT, 5, 5)));

        MailboxDriver sendsFirst = new MailboxDriver().sends(sends).bounces(5);
        MailboxDriver bouncesFirst = new MailboxDriver().bounces(5).sends(sends);
        assertThat(sendsFirst.status()).isEqualTo(Status.PAUSED);
        assertThat(bouncesFirst.status()).isEqualTo(Status.PAUSED);
        assertThat(bouncesFirst.state().reason()).isEqualTo(Reason.BOUNCE_COUNT);
    }

    @Test
    void hundredSendsWithSixBouncesSlideToFiftyAndThree() {
        MailboxDriver bouncesFirst = new MailboxDriver().bounces(6).sends(100);
        MailboxDriver interleaved = new MailboxDriver();
        for (int i = 0; i < 6; i++) {
            interleaved.sends(16).bounces(1);
        }
        interleaved.sends(4);

        for (MailboxDriver mailbox : new MailboxDriver[] {bouncesFirst, interleaved}) {
            assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 3, 0));
            assertThat(mailbox.window().sendCount()).isEqualTo(50.0);
            assertThat(mailbox.window().bounceCount()).isEqualTo(3.0);
            assertThat(mailbox.state().totalSends()).isEqualTo(100);
            assertThat(mailbox.state().totalBounces()).isEqualTo(6);
            assertThat(mailbox.status()).isEqualTo(Status.PAUSED);
        }
    }

    @Test
    void hundredSendsWithSixBouncesSlideToFiftyAndThreeWhateverTheStatus() {
        RuleSettings lenient =
                new RuleSettings(
                        100,
                        0.5,
                        60,
                        50,
                        0.5,
                        30,
                        0.4,
                        0.015,
                        100,
                        2,
                        1,
                        Duration.ofHours(24),
                        Duration.ofDays(7),
                        Duration.ofDays(7),
                        60,
                        false,
                        0.30,
                        0.50,
                        3,
                        Duration.ofDays(30),
                        3,
                        10,
                        Duration.ofHours(1),
                        Duration.ofDays(7),
                        Duration.ofHours(1),
                        Duration.ofMinutes(10),
                        Duration.ofHours(4),
                        2,
                        Duration.ofHours(24),
                        3,
                        Duration.ofDays(7),
                        Duration.ofDays(7));
        MailboxDriver healthy = new MailboxDriver(lenient).sends(50).bounces(6).sends(50);
        MailboxDriver operatorPaused = new MailboxDriver();
        operatorPaused.command(OperatorAction.PAUSE);
        operatorPaused.sends(50).bounces(6).sends(50);

        assertThat(healthy.status()).isEqualTo(Status.HEALTHY);
        assertThat(healthy.window()).isEqualTo(MailboxWindow.of(50, 3, 0));
        assertThat(operatorPaused.status()).isEqualTo(Status.PAUSED);
        assertThat(operatorPaused.window()).isEqualTo(MailboxWindow.of(50, 3, 0));
    }

    @Test
    void hundredSendsWithFiveBouncesSlideToFiftyAndTwoAndAHalf() {
        MailboxDriver mailbox = new MailboxDriver().sends(40).bounces(5).sends(60);

        assertThat(mailbox.window()).isEqualTo(MailboxWindow.of(50, 2.5, 0));
        assertThat(mailbox.window().bounces())
                .isEqualTo(2 * MailboxWindow.UNIT + MailboxWindow.UNIT / 2);
        assertThat(mailbox.window().bounceCount()).isEqualTo(2.5);
        assertThat(mailbox.state().totalBounces()).isEqualTo(5);
    }
}
