package io.bouncewatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The duplicate-id ring, as the store reads it back: rebuilt from its fingerprints, oldest first.
 */
class RecentEventIdsTest {

    @Property
    void rebuildingFromStoredFingerprintsGivesTheSameRing(
            @ForAll @IntRange(min = 1, max = 12) int capacity,
            @ForAll @IntRange(min = 0, max = 40) int added) {
        RecentEventIds ids = RecentEventIds.empty(capacity);
        for (int i = 0; i < added; i++) {
            ids = ids.with("evt-" + i);
        }
        RecentEventIds rebuilt = RecentEventIds.of(capacity, ids.oldestFirst());

        assertThat(rebuilt).isEqualTo(ids);
        assertThat(rebuilt.oldestFirst()).containsExactly(ids.oldestFirst());
        // The ring goes on overwriting in the same order after the rebuild.
        for (int i = added; i < added + capacity + 3; i++) {
            ids = ids.with("evt-" + i);
            rebuilt = rebuilt.with("evt-" + i);
            assertThat(rebuilt.oldestFirst()).containsExactly(ids.oldestFirst());
        }
        for (int i = 0; i < added + capacity + 3; i++) {
            assertThat(rebuilt.contains("evt-" + i)).isEqualTo(ids.contains("evt-" + i));
        }
    }

    @Property
    void moreFingerprintsThanTheCapacityKeepTheLatest(
            @ForAll @IntRange(min = 1, max = 8) int capacity,
            @ForAll @IntRange(min = 0, max = 30) int given) {
        List<Long> all = new ArrayList<>();
        RecentEventIds oneByOne = RecentEventIds.empty(capacity);
        for (int i = 0; i < given; i++) {
            all.add(RecentEventIds.fingerprint("id-" + i));
            oneByOne = oneByOne.with("id-" + i);
        }
        long[] fingerprints = all.stream().mapToLong(Long::longValue).toArray();

        RecentEventIds rebuilt = RecentEventIds.of(capacity, fingerprints);

        assertThat(rebuilt).isEqualTo(oneByOne);
        assertThat(rebuilt.oldestFirst()).hasSize(Math.min(given, capacity));
        for (int i = 0; i < given; i++) {
            assertThat(rebuilt.contains("id-" + i)).as("id-" + i).isEqualTo(i >= given - capacity);
        }
    }

    @Test
    void aRingHasRoomForAtLeastOneId() {
        assertThatThrownBy(() -> RecentEventIds.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecentEventIds.empty(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
