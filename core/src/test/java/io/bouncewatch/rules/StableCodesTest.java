package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The codes stored data holds for each enum value. They are part of the stored formats: a value may
 * be added with a new code, but no code may ever change or be given to another value.
 */
class StableCodesTest {

    private static <E extends Enum<E>> Map<String, Integer> codes(
            E[] values, ToIntFunction<E> code) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Arrays.stream(values).forEach(v -> out.put(v.name(), code.applyAsInt(v)));
        return out;
    }

    private static <E extends Enum<E>> void roundTrips(
            E[] values, ToIntFunction<E> code, IntFunction<E> fromCode) {
        for (E value : values) {
            assertThat(fromCode.apply(code.applyAsInt(value))).isSameAs(value);
        }
    }

    @Test
    void everyStoredEnumKeepsItsCodes() {
        assertThat(codes(Status.values(), Status::code))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("HEALTHY", 0, "WARNING", 1, "PAUSED", 2));
        assertThat(codes(Reason.values(), Reason::code))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "BOUNCE_RATE",
                                1,
                                "BOUNCE_COUNT",
                                2,
                                "EARLY_WARNING",
                                3,
                                "COMPLAINTS",
                                4,
                                "COOLDOWN_EXPIRED",
                                5,
                                "RECOVERED",
                                6,
                                "OPERATOR",
                                7,
                                "UNHEALTHY_RATIO",
                                8,
                                "CONFIG_FAILURE",
                                9));
        assertThat(codes(OperatorAction.values(), OperatorAction::code))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("PAUSE", 0, "RESUME", 1, "RESET", 2, "REMOVE", 3));
        assertThat(codes(BounceType.values(), BounceType::code))
                .containsExactlyInAnyOrderEntriesOf(Map.of("HARD", 0, "SOFT", 1));
    }

    @Test
    void codesReadBackToTheirValues() {
        roundTrips(Status.values(), Status::code, Status::fromCode);
        roundTrips(Reason.values(), Reason::code, Reason::fromCode);
        roundTrips(OperatorAction.values(), OperatorAction::code, OperatorAction::fromCode);
        roundTrips(BounceType.values(), BounceType::code, BounceType::fromCode);
    }

    @Test
    void anUnknownCodeIsRejectedNamingTheEnumAndTheCode() {
        assertThatThrownBy(() -> Reason.fromCode(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown Reason code 0 in stored data");
        assertThatThrownBy(() -> Status.fromCode(3))
                .hasMessage("unknown Status code 3 in stored data");
        assertThatThrownBy(() -> OperatorAction.fromCode(200))
                .hasMessage("unknown OperatorAction code 200 in stored data");
        assertThatThrownBy(() -> BounceType.fromCode(2))
                .hasMessage("unknown BounceType code 2 in stored data");
    }
}
