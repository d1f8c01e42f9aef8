package io.bouncewatch.payload;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;

/**
 * ISO-8601 instants in epoch milliseconds, read from every event and written into every health
 * record. The shape nearly every sender and the monitor itself use, {@code 2026-11-22T10:15:30Z}
 * with an optional fraction, from 1970 on, is read and written directly; anything else goes through
 * java.time, with exactly its results and errors. java.time's formatter machinery costs a
 * microsecond and more than a kilobyte of garbage per call, which the hot path cannot afford.
 */
public final class IsoInstant {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** 9999-12-31T23:59:59.999Z, the last instant java.time writes with a four-digit year. */
    private static final long LAST_FOUR_DIGIT_YEAR_MILLIS = 253_402_300_799_999L;

    private IsoInstant() {}

    /**
     * The epoch milliseconds of an ISO-8601 date-time with Z or an offset, as {@code Instant.parse}
     * (or, failing that, {@code OffsetDateTime.parse}) reads it.
     *
     * @throws java.time.format.DateTimeParseException when it is not one
     * @throws java.time.DateTimeException or ArithmeticException when it is out of range
     */
    public static long parseMillis(String text) {
        long millis = parseCommon(text);
        if (millis >= 0) {
            return millis;
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (java.time.format.DateTimeParseException notInstant) {
            instant = OffsetDateTime.parse(text).toInstant();
        }
        return instant.toEpochMilli();
    }

    /** {@code Instant.ofEpochMilli(epochMillis).toString()}. */
    static String format(long epochMillis) {
        if (epochMillis < 0 || epochMillis > LAST_FOUR_DIGIT_YEAR_MILLIS) {
            return Instant.ofEpochMilli(epochMillis).toString();
        }
        long days = epochMillis / MILLIS_PER_DAY;
        int millisOfDay = (int) (epochMillis % MILLIS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(days);
        int millis = millisOfDay % 1000;
        int seconds = millisOfDay / 1000;
        byte[] out = new byte[millis == 0 ? 20 : 24];
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, seconds / 3600, 2);
        out[13] = ':';
        digits(out, 14, seconds / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, seconds % 60, 2);
        if (millis != 0) {
            out[19] = '.';
            digits(out, 20, millis, 3);
        }
        out[out.length - 1] = 'Z';
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with every field in its plain range and a year from
     * 1970 on, in epoch milliseconds; -1 for any other text, which java.time then reads.
     */
    private static long parseCommon(String s) {
        int length = s.length();
        if (length != 20 && (length < 22 || length > 30)) {
            return -1;
        }
        if (s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(length - 1) != 'Z'
                || (length > 20 && s.charAt(19) != '.')) {
            return -1;
        }
        int year = number(s, 0, 4);
        int month = number(s, 5, 2);
        int day = number(s, 8, 2);
        int hour = number(s, 11, 2);
        int minute = number(s, 14, 2);
        int second = number(s, 17, 2);
        if (year < 1970
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return -1;
        }
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return -1;
        }
        int millis = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            int fraction = number(s, 20, fractionDigits);
            if (fraction < 0) {
                return -1;
            }
            // The first three digits of the fraction; the rest are below a millisecond.
            millis =
                    fractionDigits >= 3
                            ? number(s, 20, 3)
                            : fraction * (fractionDigits == 1 ? 100 : 10);
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return days * MILLIS_PER_DAY + ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    }

    /**
     * The ASCII digits at {@code from}, {@code count} of them, as a number; -1 if one is not a
     * digit.
     */
    private static int number(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(byte[] out, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
