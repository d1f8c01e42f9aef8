package io.bouncewatch.payload;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads one flat JSON object from UTF-8 bytes in a single pass, validating all of it as RFC 8259
 * asks (and as Jackson's strict defaults do) while decoding only the members the caller asks for:
 * the others are skipped where they lie, without building strings or trees. An optional UTF-8 byte
 * order mark is allowed. Every syntax error throws {@link MalformedRecordException} with a reason
 * that starts with "invalid JSON".
 */
public final class JsonIn {

    /** Deepest nesting of objects and arrays accepted, the document itself included. */
    public static final int MAX_NESTING = 32;

    /** Longest string value decoded, in chars. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;

    /** What a value is, from its first byte. */
    public enum Kind {
        STRING,
        NUMBER,
        TRUE,
        FALSE,
        NULL,
        OBJECT,
        ARRAY
    }

    /** {@link #nextField} at the end of the object. */
    public static final int END = -2;

    /** {@link #nextField} for a member the caller did not ask for. */
    public static final int OTHER = -1;

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final byte[] b;
    private final int end;
    private int i;
    private boolean firstMember = true;

    /**
     * @throws MalformedRecordException unless the document starts with a JSON object
     */
    public JsonIn(byte[] json) {
        this(json, 0, json.length);
    }

    /**
     * The document in {@code length} bytes of {@code json} from {@code offset}, read where it lies:
     * nothing outside them is read.
     *
     * @throws MalformedRecordException unless the document starts with a JSON object
     */
    public JsonIn(byte[] json, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, json.length);
        this.b = json;
        this.i = offset;
        this.end = offset + length;
        // Only with something after it, as Jackson: a lone mark is not whitespace but a broken
        // character.
        if (length >= 4
                && (b[i] & 0xFF) == 0xEF
                && (b[i + 1] & 0xFF) == 0xBB
                && (b[i + 2] & 0xFF) == 0xBF) {
            i += 3;
        }
        skipWhiteSpace();
        if (i == end || b[i] != '{') {
            if (i < end) {
                rootToken();
            }
            throw new MalformedRecordException("value is not a JSON object");
        }
        i++;
    }

    /**
     * Moves to the next member of the top-level object.
     *
     * @param names the member names the caller reads, as UTF-8 bytes
     * @return the index in {@code names} of the member's name, {@link #OTHER}, or {@link #END}
     */
    public int nextField(byte[][] names) {
        skipWhiteSpace();
        if (firstMember) {
            firstMember = false;
            if (peek() == '}') {
                i++;
                return END;
            }
        } else if (peek() == '}') {
            i++;
            return END;
        } else if (b[i] == ',') {
            i++;
            skipWhiteSpace();
        } else {
            throw invalid("expected ',' or '}' after a member, found " + describe(i));
        }
        if (peek() != '"') {
            throw invalid("expected a member name in double quotes, found " + describe(i));
        }
        int field = name(names);
        colon();
        return field;
    }

    /** Reads the ':' after a member name and stops at the start of the member's value. */
    private void colon() {
        skipWhiteSpace();
        if (peek() != ':') {
            throw invalid("expected ':' after a member name, found " + describe(i));
        }
        i++;
        skipWhiteSpace();
        peek();
    }

    /** The kind of the value at hand, without reading it. */
    public Kind kind() {
        return switch (b[i]) {
            case '"' -> Kind.STRING;
            case '{' -> Kind.OBJECT;
            case '[' -> Kind.ARRAY;
            case 't' -> Kind.TRUE;
            case 'f' -> Kind.FALSE;
            case 'n' -> Kind.NULL;
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> Kind.NUMBER;
            default ->
                    throw invalid("unexpected character " + describe(i) + " where a value starts");
        };
    }

    /** Reads a string value. */
    public String string() {
        return string(MAX_STRING_LENGTH);
    }

    /**
     * Reads a number; null for a fraction or an exponent (not an integer), which is skipped.
     *
     * @throws MalformedRecordException for an integer beyond a long
     */
    public Long integer() {
        int start = i;
        boolean integral = skipNumber();
        if (!integral) {
            return null;
        }
        boolean negative = b[start] == '-';
        long value = 0;
        for (int at = negative ? start + 1 : start; at < i; at++) {
            int digit = b[at] - '0';
            // Accumulated negatively, so that Long.MIN_VALUE fits.
            if (value < (Long.MIN_VALUE + digit) / 10) {
                throw invalid(
                        "numeric value ("
                                + Addresses.abbreviate(
                                        new String(b, start, i - start, StandardCharsets.US_ASCII))
                                + ") out of range of long");
            }
            value = value * 10 - digit;
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                throw invalid(
                        "numeric value ("
                                + Addresses.abbreviate(
                                        new String(b, start, i - start, StandardCharsets.US_ASCII))
                                + ") out of range of long");
            }
            value = -value;
        }
        return value;
    }

    /** Skips the value at hand, whatever it is, checking it as it goes. */
    public void skipValue() {
        skipValue(1);
    }

    /**
     * Skips the value at hand as a document of its own, its nesting counted from itself (as {@link
     * #JsonIn} counts it when that value is read alone), and returns where it ends: the index of
     * the byte after it.
     */
    public int skipDocument() {
        skipValue(0);
        return i;
    }

    /** Where the value at hand starts: an index into the bytes. */
    public int position() {
        return i;
    }

    /**
     * Passes over a value that has the wrong type for its member, before the caller rejects the
     * record for it: a number, literal, object or array is checked as it is skipped, a string is
     * not even read, so that the reason given is the one the reference parser (Jackson) gives.
     */
    public void skipMismatched() {
        if (kind() != Kind.STRING) {
            skipValue();
        }
    }

    /** After the object: only white space may follow. */
    public void finish() {
        skipWhiteSpace();
        if (i < end) {
            rootToken();
            throw new MalformedRecordException("trailing content after the JSON object");
        }
    }

    /**
     * Checks the first token of a top-level value other than the expected object, so that broken
     * JSON is called broken, not merely unexpected: a number must be followed by white space.
     */
    private void rootToken() {
        switch (kind()) {
            case OBJECT, ARRAY, STRING -> {}
            case NUMBER -> {
                skipNumber();
                if (i < end && !isWhiteSpace(b[i])) {
                    throw invalid(
                            "expected white space after a top-level number, found " + describe(i));
                }
            }
            default -> skipValue();
        }
    }

    // ------------------------------------------------------------------ values

    private void skipValue(int depth) {
        switch (kind()) {
            case STRING -> skipString();
            case NUMBER -> skipNumber();
            case TRUE -> literal(TRUE);
            case FALSE -> literal(FALSE);
            case NULL -> literal(NULL);
            case OBJECT -> skipContainer(depth + 1, '}');
            case ARRAY -> skipContainer(depth + 1, ']');
            default -> throw new IllegalStateException();
        }
    }

    private void skipContainer(int depth, char close) {
        if (depth > MAX_NESTING) {
            throw invalid(
                    "document nesting depth ("
                            + depth
                            + ") exceeds the maximum allowed ("
                            + MAX_NESTING
                            + ")");
        }
        i++;
        skipWhiteSpace();
        if (peek() == close) {
            i++;
            return;
        }
        while (true) {
            if (close == '}') {
                if (peek() != '"') {
                    throw invalid("expected a member name in double quotes, found " + describe(i));
                }
                skipString();
                colon();
            }
            skipValue(depth);
            skipWhiteSpace();
            byte c = peek();
            if (c == close) {
                i++;
                return;
            }
            if (c != ',') {
                throw invalid("expected ',' or '" + close + "', found " + describe(i));
            }
            i++;
            skipWhiteSpace();
            peek();
        }
    }

    private void literal(byte[] word) {
        if (end - i < word.length || !Arrays.equals(b, i, i + word.length, word, 0, word.length)) {
            throw invalid("unrecognized token " + token());
        }
        int start = i;
        i += word.length;
        // As Jackson: a literal may be followed by anything that cannot continue a Java identifier.
        if (i < end && (b[i] & 0xFF) >= '0' && b[i] != ']' && b[i] != '}') {
            int c = b[i] & 0xFF;
            if (c >= 0x80) {
                int after = i;
                i++;
                c = multiByte(c);
                i = after;
            }
            if (Character.isJavaIdentifierPart(c)) {
                throw invalid("unrecognized token " + token(start));
            }
        }
    }

    /** Skips a number; whether it was an integer (no fraction, no exponent). */
    private boolean skipNumber() {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i == end || !isDigit(b[i])) {
            throw invalid("a number needs a digit after its sign: " + token(start));
        }
        if (b[i] == '0') {
            i++;
            if (i < end && isDigit(b[i])) {
                throw invalid("leading zeroes are not allowed in " + token(start));
            }
        } else {
            while (i < end && isDigit(b[i])) {
                i++;
            }
        }
        boolean integral = true;
        if (i < end && b[i] == '.') {
            integral = false;
            i++;
            if (i == end || !isDigit(b[i])) {
                throw invalid("a fraction needs a digit after the point: " + token(start));
            }
            while (i < end && isDigit(b[i])) {
                i++;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            integral = false;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            if (i == end || !isDigit(b[i])) {
                throw invalid("an exponent needs a digit: " + token(start));
            }
            while (i < end && isDigit(b[i])) {
                i++;
            }
        }
        return integral;
    }

    // ------------------------------------------------------------------ strings

    /** Reads the member name at hand and returns its index in {@code names}, or {@link #OTHER}. */
    private int name(byte[][] names) {
        int start = i + 1;
        int close = plainStringEnd(start);
        if (close >= 0) {
            i = close + 1;
            int length = close - start;
            for (int n = 0; n < names.length; n++) {
                byte[] candidate = names[n];
                if (candidate.length == length
                        && Arrays.equals(b, start, close, candidate, 0, length)) {
                    return n;
                }
            }
            return OTHER;
        }
        byte[] decoded = string(Integer.MAX_VALUE).getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < names.length; n++) {
            if (Arrays.equals(decoded, names[n])) {
                return n;
            }
        }
        return OTHER;
    }

    /**
     * The index of the closing quote of a string starting at {@code from} that holds only printable
     * ASCII and no escape; -1 for any other string, which is read the long way.
     */
    private int plainStringEnd(int from) {
        for (int at = from; at < end; at++) {
            byte c = b[at];
            if (c == '"') {
                return at;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }

    /** Reads a string value of at most {@code maxLength} chars. */
    public String string(int maxLength) {
        int start = i + 1;
        int close = plainStringEnd(start);
        if (close >= 0) {
            int length = close - start;
            if (length > maxLength) {
                throw tooLong(length, maxLength);
            }
            i = close + 1;
            return new String(b, start, length, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(Math.min(end - start, 64));
        i = start;
        while (true) {
            int c = next("string") & 0xFF;
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                escape(out);
            } else if (c < 0x20) {
                throw invalid(
                        "control character " + describeByte(c) + " inside a string; escape it");
            } else if (c < 0x80) {
                out.append((char) c);
            } else {
                out.appendCodePoint(multiByte(c));
            }
            if (out.length() > maxLength) {
                throw tooLong(out.length(), maxLength);
            }
        }
    }

    private void skipString() {
        int start = i + 1;
        int close = plainStringEnd(start);
        if (close >= 0) {
            i = close + 1;
            return;
        }
        i = start;
        while (true) {
            int c = next("string") & 0xFF;
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                escape(null);
            } else if (c < 0x20) {
                throw invalid(
                        "control character " + describeByte(c) + " inside a string; escape it");
            } else if (c >= 0x80) {
                multiByte(c);
            }
        }
    }

    private void escape(StringBuilder out) {
        int c = next("string escape");
        char decoded =
                switch (c) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> {
                        int value = 0;
                        for (int k = 0; k < 4; k++) {
                            int digit = Character.digit(next("\\u escape"), 16);
                            if (digit < 0) {
                                throw invalid(
                                        "a \\u escape needs four hex digits, found "
                                                + describe(i - 1));
                            }
                            value = value << 4 | digit;
                        }
                        yield (char) value;
                    }
                    default -> throw invalid("unrecognized character escape " + describe(i - 1));
                };
        if (out != null) {
            out.append(decoded);
        }
    }

    /**
     * Decodes a UTF-8 sequence whose first byte, {@code lead}, was just read; returns its code
     * point.
     */
    private int multiByte(int lead) {
        int more;
        int cp;
        if ((lead & 0xE0) == 0xC0) {
            more = 1;
            cp = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            more = 2;
            cp = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            more = 3;
            cp = lead & 0x07;
        } else {
            throw invalid("invalid UTF-8 start byte " + describeByte(lead));
        }
        for (int k = 0; k < more; k++) {
            int c = next("string") & 0xFF;
            if ((c & 0xC0) != 0x80) {
                throw invalid("invalid UTF-8 middle byte " + describeByte(c));
            }
            cp = cp << 6 | (c & 0x3F);
        }
        if (cp > Character.MAX_CODE_POINT) {
            throw invalid("invalid UTF-8: code point beyond U+10FFFF");
        }
        return cp;
    }

    // ------------------------------------------------------------------ helpers

    private byte next(String inside) {
        if (i == end) {
            throw invalid("unexpected end of input in a " + inside);
        }
        return b[i++];
    }

    /** The byte at hand; the end of the input is an error here. */
    private byte peek() {
        if (i == end) {
            throw invalid("unexpected end of input");
        }
        return b[i];
    }

    private void skipWhiteSpace() {
        while (i < end && isWhiteSpace(b[i])) {
            i++;
        }
    }

    private static boolean isWhiteSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** Bytes that would continue a token, for messages: anything but white space and delimiters. */
    private static boolean isWordByte(byte c) {
        return !isWhiteSpace(c)
                && c != ','
                && c != ':'
                && c != ']'
                && c != '}'
                && c != '['
                && c != '{'
                && c != '"';
    }

    private String token() {
        return token(i);
    }

    /** The token starting at {@code from}, cut short, for a message. */
    private String token(int from) {
        int to = from;
        while (to < end && to - from < 32 && isWordByte(b[to])) {
            to++;
        }
        return "'"
                + new String(
                        b,
                        from,
                        Math.max(to - from, Math.min(1, end - from)),
                        StandardCharsets.UTF_8)
                + (to - from == 32 ? "...'" : "'");
    }

    private String describe(int at) {
        return at >= end ? "the end of input" : describeByte(b[at] & 0xFF);
    }

    private static String describeByte(int c) {
        return c >= 0x20 && c < 0x7F
                ? "'" + (char) c + "'"
                : String.format(Locale.ROOT, "(code %d)", c);
    }

    private static MalformedRecordException tooLong(int length, int maxLength) {
        return invalid(
                "String value length ("
                        + length
                        + ") exceeds the maximum allowed ("
                        + maxLength
                        + ")");
    }

    private static MalformedRecordException invalid(String why) {
        return new MalformedRecordException("invalid JSON: " + why);
    }
}
