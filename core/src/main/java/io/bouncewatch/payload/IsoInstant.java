package io.bouncewatch.payload;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO-8601 instants in epoch milliseconds, read from every event and written into every health
 * record.
 */
final class IsoInstant {

    private IsoInstant() {}

    /**
     * The epoch milliseconds of an ISO-8601 date-time with Z or an offset, as {@code Instant.parse}
     * (or, failing that, {@code OffsetDateTime.parse}) reads it.
     *
     * @throws DateTimeParseException when it is not one
     * @throws java.time.DateTimeException or ArithmeticException when it is out of range
     */
    static long parseMillis(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            instant = OffsetDateTime.parse(text).toInstant();
        }
        return instant.toEpochMilli();
    }

    /** {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String format(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
