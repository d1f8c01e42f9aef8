package io.bouncewatch.payload;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one flat JSON object straight into bytes: field names encoded once, numbers and strings
 * written without a generator or intermediate text. Strings are escaped as RFC 8259 asks (quote,
 * backslash and control characters; {@code \b \t \n \f \r} in short) and written as UTF-8, except
 * surrogates: a pair is written as its two {@code \\u} escapes, as Jackson writes it, and so is a
 * lone one, which has no UTF-8 form at all.
 */
final class JsonOut {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /** A field name as written before its value: {@code "name":}. */
    static final class Name {
        private final byte[] encoded;

        private Name(String name) {
            JsonOut out = new JsonOut(name.length() + 8);
            out.string(name);
            out.put((byte) ':');
            this.encoded = out.toByteArray();
        }
    }

    static Name name(String name) {
        return new Name(name);
    }

    private byte[] buf;
    private int len;
    private boolean first = true;

    JsonOut(int capacity) {
        buf = new byte[Math.max(capacity, 16)];
    }

    static JsonOut object(int capacity) {
        JsonOut out = new JsonOut(capacity);
        out.put((byte) '{');
        return out;
    }

    byte[] end() {
        put((byte) '}');
        return toByteArray();
    }

    JsonOut field(Name name, String value) {
        field(name);
        if (value == null) {
            put(NULL);
        } else {
            string(value);
        }
        return this;
    }

    JsonOut field(Name name, long value) {
        field(name);
        number(value);
        return this;
    }

    /** A whole number, or null. */
    JsonOut field(Name name, Integer value) {
        field(name);
        if (value == null) {
            put(NULL);
        } else {
            number(value);
        }
        return this;
    }

    JsonOut field(Name name, boolean value) {
        field(name);
        put(value ? TRUE : FALSE);
        return this;
    }

    /**
     * {@code value} rounded half-up to {@code 1 / scale}: a whole number without a fraction (50,
     * not 50.0), anything else as a plain decimal (0.0005, not {@link Double#toString}'s 5.0E-4,
     * which readers of the API took for an error).
     */
    JsonOut decimal(Name name, double value, int scale) {
        field(name);
        double rounded = PayloadWriter.round(value, scale);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            number((long) rounded);
        } else {
            String text = Double.toString(rounded);
            if (text.indexOf('E') >= 0) {
                text = new BigDecimal(text).stripTrailingZeros().toPlainString();
            }
            ascii(text);
        }
        return this;
    }

    /** Opens an object as the value of {@code name}; {@link #close} ends it. */
    JsonOut object(Name name) {
        field(name);
        put((byte) '{');
        first = true;
        return this;
    }

    /** Opens an array as the value of {@code name}; {@link #closeArray} ends it. */
    JsonOut array(Name name) {
        field(name);
        put((byte) '[');
        first = true;
        return this;
    }

    /** Opens an object as the next element of the open array; {@link #close} ends it. */
    JsonOut element() {
        if (!first) {
            put((byte) ',');
        }
        put((byte) '{');
        first = true;
        return this;
    }

    JsonOut close() {
        put((byte) '}');
        first = false;
        return this;
    }

    /** Writes {@code json}, a whole JSON value written elsewhere, as the next element. */
    JsonOut rawElement(String json) {
        if (!first) {
            put((byte) ',');
        }
        put(json.getBytes(StandardCharsets.UTF_8));
        first = false;
        return this;
    }

    JsonOut closeArray() {
        put((byte) ']');
        first = false;
        return this;
    }

    private void field(Name name) {
        if (first) {
            first = false;
        } else {
            put((byte) ',');
        }
        put(name.encoded);
    }

    private void number(long value) {
        if (value >= 0 && value < 10) {
            put((byte) ('0' + value));
        } else {
            ascii(Long.toString(value));
        }
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void string(String s) {
        int n = s.length();
        // Quotes, the worst case of every char (a 6-byte escape), in one check.
        ensure(2 + 6 * n);
        byte[] b = buf;
        int at = len;
        b[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[at++] = (byte) c;
                } else {
                    at = escape(b, at, c);
                }
            } else if (c < 0x800) {
                b[at++] = (byte) (0xC0 | c >> 6);
                b[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                at = unicodeEscape(b, at, c);
            } else {
                b[at++] = (byte) (0xE0 | c >> 12);
                b[at++] = (byte) (0x80 | (c >> 6 & 0x3F));
                b[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        b[at++] = '"';
        len = at;
    }

    private static int escape(byte[] b, int at, char c) {
        char shortForm =
                switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '\b' -> 'b';
                    case '\t' -> 't';
                    case '\n' -> 'n';
                    case '\f' -> 'f';
                    case '\r' -> 'r';
                    default -> 0;
                };
        if (shortForm == 0) {
            return unicodeEscape(b, at, c);
        }
        b[at++] = '\\';
        b[at++] = (byte) shortForm;
        return at;
    }

    private static int unicodeEscape(byte[] b, int at, char c) {
        b[at++] = '\\';
        b[at++] = 'u';
        b[at++] = HEX[c >> 12 & 0xF];
        b[at++] = HEX[c >> 8 & 0xF];
        b[at++] = HEX[c >> 4 & 0xF];
        b[at++] = HEX[c & 0xF];
        return at;
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
