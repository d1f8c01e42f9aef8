package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What each rule measured when it changed a mailbox's status, for the reasons the other rule tests
 * do not already pin: leaving a rate warning, an early warning that ends with volume, a complaint
 * pause; and the shape every evidence must have.
 */
class EvidenceTest {

    private static RuleSettings with(String key, Object value, String key2, Object value2) {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        values.put(key, value);
        values.put(key2, value2);
        return RuleSettings.from(values);
    }

    @Test
    void aRateWarningNamesTheWarningRateAndARecoveryTheRecoveryRateItStayedUnder() {
        MailboxDriver mailbox = new MailboxDriver().sends(99).bounces(2).sends(1);
        assertThat(mailbox.transitions())
                .extracting(Transition::evidence)
                .containsExactly(Evidence.of(Evidence.Rule.BOUNCE_RATE, 0.02, 2 / 99.0));
        mailbox.forgetTransitions();

        while (mailbox.status() == Status.WARNING) {
            mailbox.sends(1);
        }

        Transition recovery = mailbox.last().transition().orElseThrow();
        assertThat(recovery.reason()).isEqualTo(Reason.RECOVERED);
        assertThat(recovery.evidence())
                .isEqualTo(
                        Evidence.of(
                                Evidence.Rule.RECOVERY_RATE, 0.015, mailbox.window().bounceRate()));
        assertThat(recovery.evidence().value()).isLessThan(0.015);
    }

    @Test
    void anEarlyWarningEndsWithVolumeWhenTheRateIsLow() {
        // A window large enough that 3 bounces are under 2% once the mailbox has volume.
        MailboxDriver mailbox =
                new MailboxDriver(with("window.max-sends", 1000, "threshold.min-sends", 200))
                        .bounces(3)
                        .sends(199);
        assertThat(mailbox.status()).isEqualTo(Status.WARNING);
        mailbox.forgetTransitions();

        mailbox.sends(1);

        assertThat(mailbox.transitions())
                .extracting(Transition::reason, Transition::evidence)
                .containsExactly(
                        tuple(Reason.RECOVERED, Evidence.of(Evidence.Rule.MIN_SENDS, 200, 200)));
    }

    @Test
    void complaintsPauseWithTheirCount() {
        MailboxDriver mailbox = new MailboxDriver().sends(10).complaints(2);

        assertThat(mailbox.transitions())
                .extracting(Transition::to, Transition::evidence)
                .containsExactly(
                        tuple(Status.WARNING, Evidence.of(Evidence.Rule.COMPLAINTS, 1, 1)),
                        tuple(Status.PAUSED, Evidence.of(Evidence.Rule.COMPLAINTS, 2, 2)));
    }

    @Test
    void onlyAnOperatorsEvidenceGoesWithoutNumbers() {
        assertThat(Evidence.BY_OPERATOR.threshold()).isNull();
        assertThatThrownBy(() -> new Evidence(Evidence.Rule.OPERATOR, 1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Evidence(Evidence.Rule.BOUNCE_RATE, 0.03, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Evidence(null, 1.0, 1.0))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aVerdictOfARuleCarriesItsEvidenceAndHealthyNone() {
        assertThat(Verdict.HEALTHY.evidence()).isNull();
        assertThatThrownBy(() -> new Verdict(Status.WARNING, Reason.BOUNCE_RATE, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
