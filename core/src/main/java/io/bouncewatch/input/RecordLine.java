package io.bouncewatch.input;

import io.bouncewatch.payload.IsoInstant;
import io.bouncewatch.payload.JsonIn;
import io.bouncewatch.payload.MalformedRecordException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;

/**
 * One record of an input topic as a line of an exported history: {@code
 * {"topic":"email.bounces","timestamp":"2026-11-22T10:16:02Z","key":"alice@acme.io","value":{...}}}.
 * The value is the record's value: a JSON object is taken as its bytes, as they stand in the line
 * (not copied: {@code valueBytes} is then the line, or the buffer it lies in); a string (a raw
 * message of {@code email.dsn}, or an event kept as text) as the string's UTF-8 bytes. The
 * timestamp is the record's: ISO-8601 or epoch milliseconds.
 *
 * <p>The line is read in one pass with the monitor's own JSON reader ({@link JsonIn}), which checks
 * all of it; the value is then decoded where it lies ({@link InputDecoder#decode(InputKind, byte[],
 * byte[], int, int, long, long)}).
 *
 * @param key null when the record had none
 * @param valueBytes the array that holds the value, from {@code valueOffset} for {@code
 *     valueLength} bytes
 */
public record RecordLine(
        String topic,
        byte[] key,
        byte[] valueBytes,
        int valueOffset,
        int valueLength,
        long timestamp) {

    private static final int TOPIC = 0;
    private static final int TIMESTAMP = 1;
    private static final int KEY = 2;
    private static final int VALUE = 3;

    private static final byte[][] NAMES = {
        "topic".getBytes(StandardCharsets.UTF_8),
        "timestamp".getBytes(StandardCharsets.UTF_8),
        "key".getBytes(StandardCharsets.UTF_8),
        "value".getBytes(StandardCharsets.UTF_8)
    };

    /** The value's bytes, copied out of the line. */
    public byte[] value() {
        return Arrays.copyOfRange(valueBytes, valueOffset, valueOffset + valueLength);
    }

    /**
     * Reads a line.
     *
     * @throws IllegalArgumentException with the reason when the line is no such record
     */
    public static RecordLine parse(byte[] line) {
        return parse(line, 0, line.length);
    }

    /**
     * Reads the line in {@code buffer} from {@code from} to {@code to} (exclusive), without copying
     * it.
     *
     * @throws IllegalArgumentException with the reason when the line is no such record
     */
    public static RecordLine parse(byte[] buffer, int from, int to) {
        String topic = null;
        byte[] key = null;
        byte[] valueBytes = null;
        int valueOffset = 0;
        int valueLength = 0;
        long timestamp = Long.MIN_VALUE;
        try {
            JsonIn in = object(buffer, from, to);
            for (int field = in.nextField(NAMES);
                    field != JsonIn.END;
                    field = in.nextField(NAMES)) {
                switch (field) {
                    case TOPIC -> topic = text(in, "topic");
                    case KEY -> {
                        if (in.kind() == JsonIn.Kind.NULL) {
                            in.skipValue();
                            key = null;
                        } else {
                            key = text(in, "key").getBytes(StandardCharsets.UTF_8);
                        }
                    }
                    case TIMESTAMP -> timestamp = timestamp(in);
                    case VALUE -> {
                        JsonIn.Kind kind = in.kind();
                        if (kind == JsonIn.Kind.STRING) {
                            valueBytes =
                                    in.string(Integer.MAX_VALUE).getBytes(StandardCharsets.UTF_8);
                            valueOffset = 0;
                            valueLength = valueBytes.length;
                        } else if (kind == JsonIn.Kind.OBJECT) {
                            valueBytes = buffer;
                            valueOffset = in.position();
                            valueLength = in.skipDocument() - valueOffset;
                        } else {
                            throw new IllegalArgumentException(
                                    "'value' must be a JSON object or a string");
                        }
                    }
                    default -> in.skipValue();
                }
            }
            finish(in);
        } catch (MalformedRecordException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (topic == null) {
            throw new IllegalArgumentException("missing required field 'topic'");
        }
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalArgumentException("missing required field 'timestamp'");
        }
        if (valueBytes == null) {
            throw new IllegalArgumentException("missing required field 'value'");
        }
        return new RecordLine(topic, key, valueBytes, valueOffset, valueLength, timestamp);
    }

    /** The reader at the line's first member; a line that is no object says so. */
    private static JsonIn object(byte[] buffer, int from, int to) {
        try {
            return new JsonIn(buffer, from, to - from);
        } catch (MalformedRecordException e) {
            if (e.getMessage().startsWith("invalid JSON")) {
                throw e;
            }
            throw new IllegalArgumentException("not a JSON object", e);
        }
    }

    /** Only white space after the object; broken JSON there is called broken. */
    private static void finish(JsonIn in) {
        try {
            in.finish();
        } catch (MalformedRecordException e) {
            if (e.getMessage().startsWith("invalid JSON")) {
                throw e;
            }
            throw new IllegalArgumentException("not one JSON object", e);
        }
    }

    private static String text(JsonIn in, String field) {
        if (in.kind() != JsonIn.Kind.STRING) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return in.string(Integer.MAX_VALUE);
    }

    private static long timestamp(JsonIn in) {
        if (in.kind() == JsonIn.Kind.NUMBER) {
            Long millis = in.integer();
            if (millis != null) {
                return millis;
            }
            throw new IllegalArgumentException(
                    "'timestamp' must be ISO-8601 or epoch milliseconds, not a fraction");
        }
        String text = text(in, "timestamp");
        try {
            return IsoInstant.parseMillis(text);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "'timestamp' must be ISO-8601 or epoch milliseconds: " + text, e);
        }
    }
}
