package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The codes stored data will hold for categories, classes and providers: a value may be added with
 * a new code, but no code may change or be given to another value.
 */
class ClassificationCodesTest {

    @Test
    void categoriesKeepTheirCodes() {
        assertThat(codes(Category.values()))
                .containsExactlyEntriesOf(
                        ordered(
                                "LIST",
                                0,
                                "REPUTATION",
                                1,
                                "CONFIG",
                                2,
                                "THROTTLE",
                                3,
                                "TRANSIENT",
                                4,
                                "IGNORE",
                                5,
                                "UNKNOWN",
                                6,
                                "COMPLAINT",
                                7));
    }

    @Test
    void providersKeepTheirCodesAndWireNames() {
        assertThat(codes(Provider.values()))
                .containsExactlyEntriesOf(
                        ordered("OTHER", 0, "GOOGLE", 1, "MICROSOFT", 2, "YAHOO", 3, "APPLE", 4));
        assertThat(Arrays.stream(Provider.values()).map(Provider::wireName))
                .containsExactly("other", "google", "microsoft", "yahoo", "apple");
    }

    @Test
    void classesKeepTheirCodes() {
        assertThat(codes(BounceClass.values()))
                .containsExactlyEntriesOf(
                        ordered(
                                "UNSPECIFIED",
                                0,
                                "USER_UNKNOWN",
                                1,
                                "DOMAIN_UNKNOWN",
                                2,
                                "MAILBOX_DISABLED",
                                3,
                                "MOVED",
                                4,
                                "NO_MAIL_ACCEPTED",
                                5,
                                "BLOCKLISTED",
                                10,
                                "LOW_REPUTATION",
                                11,
                                "SPAM_CONTENT",
                                12,
                                "VIRUS",
                                13,
                                "POLICY",
                                14,
                                "FILTERED",
                                15,
                                "SENDER_REJECTED",
                                16,
                                "SPF",
                                20,
                                "DKIM",
                                21,
                                "DMARC",
                                22,
                                "AUTHENTICATION",
                                23,
                                "REVERSE_DNS",
                                24,
                                "TLS",
                                25,
                                "MESSAGE_FORMAT",
                                26,
                                "RELAYING",
                                27,
                                "RATE_LIMITED",
                                30,
                                "TOO_MANY_CONNECTIONS",
                                31,
                                "MAILBOX_FULL",
                                40,
                                "MESSAGE_TOO_LARGE",
                                41,
                                "SYSTEM_ERROR",
                                42,
                                "NETWORK_ERROR",
                                43,
                                "EXPIRED",
                                44,
                                "AUTO_REPLY",
                                50,
                                "DELIVERY_NOTICE",
                                51,
                                "NOT_A_BOUNCE",
                                52,
                                "FEEDBACK_REPORT",
                                60));
    }

    @Test
    void codesReadBackToTheirValues() {
        Arrays.stream(Category.values())
                .forEach(v -> assertThat(Category.fromCode(v.code())).isSameAs(v));
        Arrays.stream(BounceClass.values())
                .forEach(v -> assertThat(BounceClass.fromCode(v.code())).isSameAs(v));
        Arrays.stream(Provider.values())
                .forEach(v -> assertThat(Provider.fromCode(v.code())).isSameAs(v));
    }

    @Test
    void anUnknownCodeIsRejectedNamingTheEnum() {
        assertThatThrownBy(() -> Category.fromCode(8))
                .hasMessage("unknown Category code 8 in stored data");
        assertThatThrownBy(() -> BounceClass.fromCode(6))
                .hasMessage("unknown BounceClass code 6 in stored data");
        assertThatThrownBy(() -> Provider.fromCode(5))
                .hasMessage("unknown Provider code 5 in stored data");
    }

    @Test
    void producersNameCategoriesAndProvidersInAnyCase() {
        assertThat(Category.ofProducer(" reputation ")).contains(Category.REPUTATION);
        assertThat(Category.ofProducer("COMPLAINT")).isEmpty();
        assertThat(Category.ofProducer(null)).isEmpty();
        assertThat(Provider.ofWireName("Google")).contains(Provider.GOOGLE);
        assertThat(Provider.ofWireName("hotmail")).isEmpty();
    }

    private static <E extends Enum<E> & StableCode> Map<String, Integer> codes(E[] values) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Arrays.stream(values).forEach(v -> out.put(v.name(), v.code()));
        return out;
    }

    private static Map<String, Integer> ordered(Object... nameCode) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < nameCode.length; i += 2) {
            out.put((String) nameCode[i], (Integer) nameCode[i + 1]);
        }
        return out;
    }
}
