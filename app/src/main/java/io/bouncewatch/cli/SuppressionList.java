package io.bouncewatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suppression list as the compacted topic holds it: the latest value of each recipient, a
 * tombstone removing it. Written ordered by recipient, as JSON lines (the values as they are) or
 * CSV with the Suppression's fields as columns.
 */
final class SuppressionList {

    /** The Suppression's fields, in the order of its JSON: the CSV's columns. */
    static final List<String> COLUMNS =
            List.of(
                    "recipient",
                    "category",
                    "class",
                    "source",
                    "since",
                    "until",
                    "mailbox",
                    "causeEventId",
                    "operator",
                    "note");

    private static final JsonFactory JSON = new JsonFactory();

    private final TreeMap<String, byte[]> entries = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    /** One record of the topic, in its order. */
    void apply(byte[] key, byte[] value) {
        if (key == null) {
            problems.add("a record without a key is not an entry; skipped");
            return;
        }
        String recipient = new String(key, StandardCharsets.UTF_8);
        if (value == null) {
            entries.remove(recipient);
        } else {
            entries.put(recipient, value);
        }
    }

    int size() {
        return entries.size();
    }

    /** What could not be read, for standard error. */
    List<String> problems() {
        return problems;
    }

    void writeJsonLines(OutputStream out) throws IOException {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (fields(e.getKey(), e.getValue()) != null) {
                out.write(e.getValue());
                out.write('\n');
            }
        }
    }

    void writeCsv(OutputStream out) throws IOException {
        out.write((String.join(",", COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            Map<String, String> fields = fields(e.getKey(), e.getValue());
            if (fields == null) {
                continue;
            }
            line.setLength(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(csv(fields.get(COLUMNS.get(i))));
            }
            out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The top-level scalar fields of a value; null (and a problem) when it is not an object. */
    private Map<String, String> fields(String recipient, byte[] value) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (token.isScalarValue() && token != JsonToken.VALUE_NULL) {
                    fields.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            problems.add("the entry of " + recipient + " is not Suppression JSON; skipped");
            return null;
        }
        return fields;
    }

    /** A CSV field, quoted when it must be (RFC 4180); empty for null. */
    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0
                && value.indexOf('"') < 0
                && value.indexOf('\n') < 0
                && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
