package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventIdWindowTest {

    private static final long T0 = 1_795_000_000_000L;
    private static final long HOUR = 3_600_000L;

    /** {@code n} ids a second apart, the last at {@code T0 + n - 1} seconds. */
    private static EventIdWindow filled(int n) {
        EventIdWindow w = EventIdWindow.EMPTY;
        for (int i = 0; i < n; i++) {
            w = w.with("id-" + i, T0 + i * 1_000L, HOUR);
        }
        return w;
    }

    // Below and above the size at which lookups go through a hash table.
    @ParameterizedTest
    @ValueSource(ints = {1, 20, 33, 500, 3_600})
    void holdsEveryIdOfTheWindowAndNoOther(int n) {
        EventIdWindow w = filled(n);
        long now = T0 + (n - 1) * 1_000L;

        assertThat(w.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(w.contains("id-" + i, now, HOUR)).as("id-%d", i).isTrue();
        }
        assertThat(w.contains("id-" + n, now, HOUR)).isFalse();
        assertThat(w.contains("other", now, HOUR)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 100, 5_000})
    void dropsTheIdsOlderThanTheWindowAsTimeMoves(int n) {
        EventIdWindow w = filled(n);
        long now = T0 + HOUR + (n / 2) * 1_000L;

        EventIdWindow kept = w.expire(now, HOUR);

        // Ids first seen at or before now - HOUR are gone: those of the first n/2 + 1 seconds.
        int gone = Math.min(n, n / 2 + 1);
        assertThat(kept.size()).isEqualTo(n - gone);
        assertThat(w.contains("id-" + (gone - 1), now, HOUR)).isFalse();
        assertThat(kept.contains("id-" + (gone - 1), now, HOUR)).isFalse();
        if (gone < n) {
            assertThat(kept.contains("id-" + gone, now, HOUR)).isTrue();
        }
        assertThat(w.expire(T0, HOUR)).isSameAs(w);
    }

    @ParameterizedTest
    @ValueSource(ints = {5, 200})
    void windowsBuiltFromOneAnotherStayApart(int n) {
        EventIdWindow base = filled(n);
        long now = T0 + n * 1_000L;

        EventIdWindow a = base.with("a", now, HOUR);
        EventIdWindow b = base.with("b", now, HOUR);
        EventIdWindow a2 = a.with("a2", now, HOUR);

        assertThat(base.contains("a", now, HOUR)).isFalse();
        assertThat(b.contains("a", now, HOUR)).isFalse();
        assertThat(b.contains("a2", now, HOUR)).isFalse();
        assertThat(a.contains("b", now, HOUR)).isFalse();
        assertThat(a2.contains("a", now, HOUR)).isTrue();
        assertThat(a2.contains("b", now, HOUR)).isFalse();
        assertThat(b.contains("b", now, HOUR)).isTrue();
        assertThat(base.size()).isEqualTo(n);
    }

    @Test
    void anIdCountedAgainAfterItsWindowIsFoundByItsNewArrival() {
        EventIdWindow w = EventIdWindow.EMPTY.with("x", T0, HOUR);
        for (int i = 0; i < 100; i++) {
            w = w.with("y-" + i, T0 + i, HOUR);
        }
        long later = T0 + HOUR + 10;
        assertThat(w.contains("x", later, HOUR)).isFalse();

        w = w.with("x", later, HOUR);

        assertThat(w.contains("x", later + HOUR - 1, HOUR)).isTrue();
        assertThat(w.contains("x", later + HOUR, HOUR)).isFalse();
    }

    @Test
    void rebuildsFromStoredIdsToAnEqualWindow() {
        EventIdWindow w = filled(300).expire(T0 + HOUR + 100_000L, HOUR);

        long[] fingerprints = new long[w.size()];
        long[] firstSeen = new long[w.size()];
        for (int i = 0; i < w.size(); i++) {
            fingerprints[i] = w.fingerprint(i);
            firstSeen[i] = w.firstSeen(i);
        }

        EventIdWindow rebuilt = EventIdWindow.of(fingerprints, firstSeen);

        assertThat(rebuilt).isEqualTo(w).hasSameHashCodeAs(w);
        assertThat(rebuilt.firstSeen(0)).isEqualTo(T0 + 100_000L + 1_000L);
        assertThat(rebuilt.contains("id-299", T0 + HOUR, HOUR)).isTrue();
        assertThat(rebuilt.with("z", T0 + HOUR, HOUR)).isEqualTo(w.with("z", T0 + HOUR, HOUR));
    }

    @Test
    void refusesStoredTimesOutOfOrder() {
        assertThatThrownBy(() -> EventIdWindow.of(new long[] {1, 2}, new long[] {5, 4}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIdWindow.of(new long[] {1}, new long[] {}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
