package io.bouncewatch.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct reading and writing of instants gives exactly what java.time gives, errors included.
 */
class IsoInstantTest {

    private static final long YEAR_1 = -62_135_596_800_000L;
    private static final long YEAR_12000 = 316_592_977_600_000L;

    @Property
    void writesWhatInstantWrites(@ForAll @LongRange(min = YEAR_1, max = YEAR_12000) long millis) {
        assertThat(IsoInstant.format(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    @Property
    void writesWhatInstantWritesForAnyLong(@ForAll long millis) {
        assertThat(IsoInstant.format(millis)).isEqualTo(Instant.ofEpochMilli(millis).toString());
    }

    @Property
    void readsWhatInstantWrites(
            @ForAll @LongRange(min = YEAR_1, max = YEAR_12000) long millis,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        String text = Instant.ofEpochSecond(Math.floorDiv(millis, 1000), nanos).toString();
        assertThat(outcome(text)).isEqualTo(reference(text));
    }

    @Property
    void readsFractionsOfAnyLength(
            @ForAll @LongRange(min = 0, max = YEAR_12000) long millis,
            @ForAll @IntRange(min = 0, max = 10) int digits,
            @ForAll @IntRange(min = 0, max = 999_999_999) int fraction) {
        String seconds = Instant.ofEpochSecond(millis / 1000).toString();
        String digitsText =
                String.format(Locale.ROOT, "%09d", fraction).substring(0, Math.min(digits, 9))
                        + (digits > 9 ? "0" : "");
        String text =
                seconds.substring(0, seconds.length() - 1)
                        + (digits == 0 ? "." : "." + digitsText)
                        + "Z";
        assertThat(outcome(text)).isEqualTo(reference(text));
    }

    @Property(tries = 3000)
    void aTimestampWithOneCharacterChangedReadsAsJavaTimeReadsIt(
            @ForAll("stamps") String stamp,
            @ForAll @IntRange(min = 0, max = 29) int at,
            @ForAll("replacements") char replacement) {
        int position = at % stamp.length();
        String text = stamp.substring(0, position) + replacement + stamp.substring(position + 1);
        assertThat(outcome(text)).isEqualTo(reference(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-22T10:15:30Z",
                "2026-11-22T10:15:30.1Z",
                "2026-11-22T10:15:30.123456789Z",
                "2024-02-29T00:00:00Z",
                "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2100-02-29T00:00:00Z",
                "2000-02-29T23:59:59.999Z",
                "2026-12-31T23:59:60Z",
                "2026-11-22T24:00:00Z",
                "2026-11-22T10:60:00Z",
                "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z",
                "2026-11-00T00:00:00Z",
                "1969-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z",
                "2026-11-22t10:15:30z",
                "2026-11-22T10:15:30+01:00",
                "2026-11-22T10:15:30.5+05:30",
                "2026-11-22T10:15Z",
                "2026-11-22 10:15:30Z",
                "2026-11-22T10:15:30.Z",
                "2026-11-22T10:15:30.1234567890Z",
                "2026-11-22T1a:15:30Z",
                "2026-11-22T-1:15:30Z",
                "2026-1-22T10:15:30Z",
                "20261122T101530Z",
                "2026-11-22T10:15:30",
                "",
                "Z",
                "not a date at all, 30 characters"
            })
    void readsEdgeCasesAsJavaTimeDoes(String text) {
        assertThat(outcome(text)).isEqualTo(reference(text));
    }

    @Provide
    Arbitrary<String> stamps() {
        return Arbitraries.longs()
                .between(0, YEAR_12000)
                .flatMap(
                        millis ->
                                Arbitraries.of(
                                        Instant.ofEpochMilli(millis).toString(),
                                        Instant.ofEpochSecond(millis / 1000).toString(),
                                        Instant.ofEpochSecond(millis / 1000, 123_456_789)
                                                .toString()));
    }

    @Provide
    Arbitrary<Character> replacements() {
        return Arbitraries.of(
                '0', '1', '2', '3', '5', '9', '-', ':', 'T', 't', 'Z', 'z', '.', '+', ' ', 'x',
                '/');
    }

    /** The value read, or the exception class and message. */
    private static String outcome(String text) {
        try {
            return Long.toString(IsoInstant.parseMillis(text));
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** What java.time alone makes of the text. */
    private static String reference(String text) {
        try {
            Instant instant;
            try {
                instant = Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                instant = OffsetDateTime.parse(text).toInstant();
            }
            return Long.toString(instant.toEpochMilli());
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
