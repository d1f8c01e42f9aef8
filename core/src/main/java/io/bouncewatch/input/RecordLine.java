package io.bouncewatch.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.payload.IsoInstant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;

/**
 * One record of an input topic as a line of an exported history: {@code
 * {"topic":"email.bounces","timestamp":"2026-11-22T10:16:02Z","key":"alice@acme.io","value":{...}}}.
 * The value is the record's value: a JSON object is taken as its bytes, as they stand in the line;
 * a string (a raw message of {@code email.dsn}, or an event kept as text) as the string's UTF-8
 * bytes. The timestamp is the record's: ISO-8601 or epoch milliseconds.
 *
 * @param key null when the record had none
 */
public record RecordLine(String topic, byte[] key, byte[] value, long timestamp) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads a line.
     *
     * @throws IllegalArgumentException with the reason when the line is no such record
     */
    public static RecordLine parse(byte[] line) {
        String topic = null;
        byte[] key = null;
        byte[] value = null;
        long timestamp = Long.MIN_VALUE;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "topic" -> topic = text(p, token, "topic");
                    case "key" -> {
                        String k = token == JsonToken.VALUE_NULL ? null : text(p, token, "key");
                        key = k == null ? null : k.getBytes(StandardCharsets.UTF_8);
                    }
                    case "timestamp" -> timestamp = timestamp(p, token);
                    case "value" -> value = value(p, token, line);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage(), e);
        }
        if (topic == null) {
            throw new IllegalArgumentException("missing required field 'topic'");
        }
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalArgumentException("missing required field 'timestamp'");
        }
        if (value == null) {
            throw new IllegalArgumentException("missing required field 'value'");
        }
        return new RecordLine(topic, key, value, timestamp);
    }

    private static String text(JsonParser p, JsonToken token, String field) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return p.getText();
    }

    private static long timestamp(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        String text = text(p, token, "timestamp");
        try {
            return IsoInstant.parseMillis(text);
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException(
                    "'timestamp' must be ISO-8601 or epoch milliseconds: " + text, e);
        }
    }

    /** An object's own bytes, or a string's UTF-8 bytes. */
    private static byte[] value(JsonParser p, JsonToken token, byte[] line) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return p.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (token != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("'value' must be a JSON object or a string");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return Arrays.copyOfRange(line, start, end);
    }
}
