package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryLogTest {

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> read(byte[] log) {
        return HistoryLog.entries(log).stream()
                .map(e -> e.at() + ":" + new String(e.bytes(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void noLogHasNoEntries() {
        assertThat(HistoryLog.entries(null)).isEmpty();
    }

    @Test
    void entriesAreNewestFirst() {
        byte[] log = HistoryLog.add(null, 10, text("a"), 5);
        log = HistoryLog.add(log, 20, text("b"), 5);
        log = HistoryLog.add(log, 30, text("c"), 5);

        assertThat(read(log)).containsExactly("30:c", "20:b", "10:a");
    }

    @Test
    void theOldestPastTheCapAreDropped() {
        byte[] log = null;
        for (int i = 1; i <= 60; i++) {
            log = HistoryLog.add(log, i, text("e" + i), 50);
        }

        List<String> entries = read(log);
        assertThat(entries).hasSize(50);
        assertThat(entries.get(0)).isEqualTo("60:e60");
        assertThat(entries.get(49)).isEqualTo("11:e11");
    }

    @Test
    void aCapOfOneKeepsTheNewestOnly() {
        byte[] log = HistoryLog.add(HistoryLog.add(null, 1, text("old"), 1), 2, text("new"), 1);

        assertThat(read(log)).containsExactly("2:new");
    }

    @Test
    void theLatestOfASlotReplacesTheNewestInTheSameSlot() {
        byte[] log = HistoryLog.addInSlot(null, 60_000, 60_000, text("first"), 10);
        log = HistoryLog.addInSlot(log, 119_999, 60_000, text("second"), 10);

        assertThat(read(log)).containsExactly("119999:second");

        log = HistoryLog.addInSlot(log, 120_000, 60_000, text("next minute"), 10);

        assertThat(read(log)).containsExactly("120000:next minute", "119999:second");
    }

    @Test
    void aReplacementKeepsTheCap() {
        byte[] log = null;
        for (int minute = 0; minute < 3; minute++) {
            log = HistoryLog.addInSlot(log, minute * 60_000L, 60_000, text("m" + minute), 3);
        }
        log = HistoryLog.addInSlot(log, 2 * 60_000L + 5, 60_000, text("m2 again"), 3);

        assertThat(read(log)).containsExactly("120005:m2 again", "60000:m1", "0:m0");
    }

    @Test
    void entriesOfAnyBytesAndLengthSurvive() {
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        byte[] log = HistoryLog.add(HistoryLog.add(null, 0, new byte[0], 3), 1L << 40, big, 3);

        List<HistoryLog.Entry> entries = HistoryLog.entries(log);
        assertThat(entries.get(0).at()).isEqualTo(1L << 40);
        assertThat(entries.get(0).bytes()).isEqualTo(big);
        assertThat(entries.get(1).bytes()).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> HistoryLog.entries(new byte[] {9}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
    }
}
