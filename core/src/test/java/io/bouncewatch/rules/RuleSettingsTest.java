package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSettingsTest {

    @Test
    void everyComponentIsDeclaredByExactlyOneSetting() {
        assertThat(RuleSetting.ALL)
                .extracting(RuleSetting::component)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(RuleSettings.class.getRecordComponents())
                                .map(RecordComponent::getName)
                                .toList());
        assertThat(RuleSetting.ALL).extracting(RuleSetting::key).doesNotHaveDuplicates();
    }

    @Test
    void theDefaultsAreTheDeclaredOnes() {
        RuleSettings d = RuleSettings.DEFAULTS;
        assertThat(d)
                .isEqualTo(
                        new RuleSettings(
                                100,
                                0.5,
                                60,
                                5,
                                0.03,
                                3,
                                0.02,
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
                                Duration.ofDays(7)));
        assertThat(declared("cooldown.duration").typedDefault()).isEqualTo(Duration.ofHours(24));
        assertThat(declared("cooldown.max").typedDefault()).isEqualTo(Duration.ofDays(7));
        assertThat(declared("domain.warning-ratio").typedDefault()).isEqualTo(0.30);
    }

    @Test
    void fromTakesEveryValueBySettingName() {
        Map<String, Object> values = defaults();
        values.put("threshold.min-sends", 61);
        values.put("cooldown.max", Duration.ofDays(14));
        values.put("bounce.count-soft", true);
        values.put("not.a.rule", "ignored");

        RuleSettings settings = RuleSettings.from(values);

        assertThat(settings.minSends()).isEqualTo(61);
        assertThat(settings.maxCooldown()).isEqualTo(Duration.ofDays(14));
        assertThat(settings.countSoftBounces()).isTrue();
        assertThat(settings.windowMaxSends()).isEqualTo(RuleSettings.DEFAULTS.windowMaxSends());
    }

    @Test
    void fromNamesASettingWithoutAValueAndKeepsTheInvariants() {
        Map<String, Object> values = defaults();
        values.remove("dedupe.window");
        assertThatThrownBy(() -> RuleSettings.from(values))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dedupe.window");

        Map<String, Object> belowCooldown = defaults();
        belowCooldown.put("cooldown.max", Duration.ofHours(1));
        assertThatThrownBy(() -> RuleSettings.from(belowCooldown))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxCooldown must not be below cooldown");

        Map<String, Object> recoveryAboveWarning = defaults();
        recoveryAboveWarning.put("threshold.recovery-rate", 0.021);
        assertThatThrownBy(() -> RuleSettings.from(recoveryAboveWarning))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recoveryRate must not be above warningBounceRate");
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> values = new HashMap<>();
        RuleSetting.ALL.forEach(s -> values.put(s.key(), s.typedDefault()));
        return values;
    }

    private static RuleSetting declared(String key) {
        return RuleSetting.ALL.stream().filter(s -> s.key().equals(key)).findFirst().orElseThrow();
    }
}
