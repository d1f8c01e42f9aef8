package io.bouncewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.traffic.BounceReplies;
import io.bouncewatch.traffic.BounceReply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShadowWindowTest {

    private static final long T0 = 1_800_000_000_000L;
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private static final BounceFacts USER_UNKNOWN = facts("postfix-user-unknown");
    private static final BounceFacts SOFT = facts("soft-type-only");

    private int ids;

    static java.util.List<BounceReply> replies() {
        return BounceReplies.ALL;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void countsABounceByItsCategoryAsTheRulesDo(BounceReply reply) {
        ShadowWindow byDefault = shadow(RulesReplay.DEMO_RULES);
        ShadowWindow countingSoft = shadow(rules(Map.of("bounce.count-soft", "true")));
        BounceFacts facts =
                reply.facts(
                        "kofi.okafor12@"
                                + (reply.domains().isEmpty()
                                        ? "globex-corp.com"
                                        : reply.domains().get(0)),
                        "northwind-mail.com");
        boolean counts =
                switch (reply.category()) {
                    case LIST, REPUTATION, UNKNOWN -> true;
                    case TRANSIENT, CONFIG, THROTTLE, IGNORE, COMPLAINT -> false;
                };

        assertThat(byDefault.bounce(id(), facts, T0)).isEqualTo(reply.category());
        countingSoft.bounce(id(), facts, T0);

        assertThat(byDefault.bounces()).as(reply.id()).isEqualTo(counts ? 1 : 0);
        assertThat(countingSoft.bounces())
                .as(reply.id() + " with bounce.count-soft")
                .isEqualTo(counts || reply.category() == Category.TRANSIENT ? 1 : 0);
    }

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
        shadow.bounce(id(), USER_UNKNOWN, T0);
        shadow.bounce(id(), SOFT, T0);

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
        shadow.bounce(id(), USER_UNKNOWN, cooldownEnd + 1_000);
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
            shadow.bounce(id(), USER_UNKNOWN, at);
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

    private static BounceFacts facts(String reply) {
        return BounceReplies.byId(reply).facts("li.chen7@globex-corp.com", "example.com");
    }

    private static ShadowWindow shadow(RuleSettings rules) {
        return new ShadowWindow(new MailboxRules(rules), "m@example.com");
    }

    private static RuleSettings rules(Map<String, String> options) {
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(options)).rules();
    }
}
