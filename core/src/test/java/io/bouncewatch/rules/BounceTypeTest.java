package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/rules.md §2: how a bounce is classified HARD or SOFT. */
class BounceTypeTest {

    @ParameterizedTest(name = "type \"{0}\" -> {1}")
    @CsvSource({
        "HARD,     HARD",
        "hard,     HARD",
        "Hard,     HARD",
        "SOFT,     SOFT",
        "soft,     SOFT",
        "sOfT,     SOFT",
        "' soft ', SOFT",
    })
    void anExplicitTypeIsReadCaseInsensitively(String type, BounceType expected) {
        assertThat(BounceType.classify(type, null, null)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "enhanced status {0} -> {1}")
    @CsvSource({
        "4.2.2, SOFT",
        "4.7.1, SOFT",
        "4.4.7, SOFT",
        "5.1.1, HARD",
        "5.7.1, HARD",
        "5.2.2, HARD",
    })
    void theEnhancedStatusClassDecidesWithoutAType(String enhancedStatus, BounceType expected) {
        assertThat(BounceType.classify(null, null, enhancedStatus)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "SMTP code {0} -> {1}")
    @CsvSource({
        "421, SOFT",
        "450, SOFT",
        "452, SOFT",
        "499, SOFT",
        "500, HARD",
        "550, HARD",
        "554, HARD",
    })
    void theSmtpCodeDecidesWithoutTypeOrEnhancedStatus(int smtpCode, BounceType expected) {
        assertThat(BounceType.classify(null, smtpCode, null)).isEqualTo(expected);
    }

    @Test
    void anExplicitTypeWinsOverTheCodes() {
        assertThat(BounceType.classify("HARD", 450, "4.2.2")).isEqualTo(BounceType.HARD);
        assertThat(BounceType.classify("SOFT", 550, "5.1.1")).isEqualTo(BounceType.SOFT);
    }

    @Test
    void theEnhancedStatusWinsOverTheSmtpCode() {
        assertThat(BounceType.classify(null, 550, "4.2.2")).isEqualTo(BounceType.SOFT);
        assertThat(BounceType.classify(null, 450, "5.1.1")).isEqualTo(BounceType.HARD);
    }

    @Test
    void anEnhancedStatusOfAnotherClassLeavesItToTheSmtpCode() {
        assertThat(BounceType.classify(null, 450, "2.0.0")).isEqualTo(BounceType.SOFT);
        assertThat(BounceType.classify(null, 450, " ")).isEqualTo(BounceType.SOFT);
        assertThat(BounceType.classify(null, 550, "")).isEqualTo(BounceType.HARD);
    }

    @Test
    void aBlankTypeCountsAsNoTypeSoTheCodesDecide() {
        assertThat(BounceType.classify(" ", 452, "4.2.2")).isEqualTo(BounceType.SOFT);
        assertThat(BounceType.classify("", null, null)).isEqualTo(BounceType.HARD);
    }

    @Test
    void aBounceWithNeitherTypeNorCodesIsHard() {
        assertThat(BounceType.classify(null, null, null)).isEqualTo(BounceType.HARD);
    }

    @ParameterizedTest(name = "type \"{0}\"")
    @ValueSource(strings = {"PERMANENT", "transient", "H", "HARD,SOFT"})
    void anUnknownTypeIsRejected(String type) {
        assertThatThrownBy(() -> BounceType.classify(type, 550, "5.1.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(type);
    }
}
