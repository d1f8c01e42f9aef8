package io.bouncewatch.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of {@code data.dir}, looked at once at start. When the disk fills, Kafka's log (of
 * the embedded broker) halts the JVM from inside without a word of ours, and RocksDB fails its
 * writes: a start with little room left says so while there is still time to act.
 */
final class DiskSpace {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    private DiskSpace() {}

    /**
     * Logs one warning when {@code dataDir} has less than {@code minFree} bytes free; 0 checks
     * nothing.
     */
    static void warnIfLow(Path dataDir, long minFree) {
        if (minFree <= 0) {
            return;
        }
        long free;
        try {
            free = Files.getFileStore(dataDir).getUsableSpace();
        } catch (IOException e) {
            LOG.warn(
                    "data.dir={}: its free space cannot be read ({}); data.dir.min-free is not checked",
                    dataDir,
                    e.getMessage());
            return;
        }
        warning(dataDir, free, minFree).ifPresent(LOG::warn);
    }

    /**
     * The warning for {@code free} bytes left in {@code dataDir}, if they are under {@code
     * minFree}.
     */
    static Optional<String> warning(Path dataDir, long free, long minFree) {
        if (minFree <= 0 || free >= minFree) {
            return Optional.empty();
        }
        return Optional.of(
                "data.dir="
                        + dataDir
                        + " has "
                        + human(free)
                        + " free, under data.dir.min-free="
                        + human(minFree)
                        + ": when the disk fills, Kafka stops the program; free some space");
    }

    static String human(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0
                ? bytes + " B"
                : String.format(
                        Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }
}
