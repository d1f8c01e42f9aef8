package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.RuleSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowWindowTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private int ids;

    @Test
    void pausesWhereTheSettingsInForcePause() {
        ShadowWindow byDefault = shadow(RulesReplay.DEMO_RULES);
        ShadowWindow threeComplaints = shadow(rules(Map.of("threshold.pause-complaints", "3")));
        for (ShadowWindow shadow : new ShadowWindow[] {byDefault, threeComplaints}) {
            sends(shadow, 10, T0);
            shadow.complaint(id(), T0);
            shadow.complaint(id(), T0);
        }

        assertThat(byDefault.paused()).isTrue();
        assertThat(threeComplaints.paused()).isFalse();
    }

    @Test
    void slidesTheWindowAtTheConfiguredSize() {
        ShadowWindow shadow = shadow(rules(Map.of("window.max-sends", "10")));
        sends(shadow, 9, T0);
        shadow.bounce(id(), BounceType.HARD, T0);
        shadow.bounce(id(), BounceType.SOFT, T0);

        assertThat(shadow.sends()).isEqualTo(9);
        assertThat(shadow.bounces()).as("a SOFT bounce does not count by default").isEqualTo(1);
        sends(shadow, 1, T0);
        assertThat(shadow.sends()).isEqualTo(5);
        assertThat(shadow.bounces()).isEqualTo(0.5);
    }

    @Test
    void resumesAMarginAfterTheCooldownAndEscalatesTheNextOne() {
        ShadowWindow shadow = shadow(RulesReplay.DEMO_RULES);
        pauseByBounces(shadow, T0);
        long cooldownEnd = T0 + MINUTE;

        assertThat(shadow.resumeIfDue(cooldownEnd)).isFalse();
        shadow.bounce(id(), BounceType.HARD, cooldownEnd + 1_000);
        assertThat(shadow.paused())
                .as("an event within the margin does not end the pause")
                .isTrue();
        assertThat(shadow.resumeIfDue(cooldownEnd + ShadowWindow.RESUME_MARGIN_MILLIS)).isTrue();
        assertThat(shadow.paused()).isFalse();

        long again = cooldownEnd + ShadowWindow.RESUME_MARGIN_MILLIS + 1_000;
        pauseByBounces(shadow, again);
        assertThat(shadow.resumeIfDue(again + MINUTE + ShadowWindow.RESUME_MARGIN_MILLIS))
                .as("doubled")
                .isFalse();
        assertThat(shadow.resumeIfDue(again + 2 * MINUTE + ShadowWindow.RESUME_MARGIN_MILLIS))
                .isTrue();
    }

    private void pauseByBounces(ShadowWindow shadow, long at) {
        while (!shadow.paused()) {
            shadow.bounce(id(), BounceType.HARD, at);
        }
    }

    private void sends(ShadowWindow shadow, int n, long at) {
        for (int i = 0; i < n; i++) {
            shadow.send(id(), at);
        }
    }

    private String id() {
        return "e-" + (++ids);
    }

    private static ShadowWindow shadow(RuleSettings rules) {
        return new ShadowWindow(new MailboxRules(rules), "m@example.com");
    }

    private static RuleSettings rules(Map<String, String> options) {
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(options)).rules();
    }
}
