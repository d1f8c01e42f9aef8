package io.bouncewatch.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.IsoInstant;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.Category;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a suppression list to import: CSV with a header row, or JSON lines, as other providers
 * export theirs and as {@code suppressions export} writes ours. Columns (or fields) are recognised
 * by name, case and punctuation aside:
 *
 * <ul>
 *   <li>the address: {@code email}, {@code address}, {@code recipient}, {@code EmailAddress};
 *   <li>why: {@code reason}, {@code type}, {@code SuppressionReason}, {@code category}, {@code
 *       status} (an enhanced status code), {@code code} (an SMTP code), {@code error}, {@code
 *       note};
 *   <li>when: {@code created}, {@code created_at}, {@code CreatedAt}, {@code LastUpdateTime},
 *       {@code since} (ISO-8601, epoch seconds or milliseconds, RFC 1123 dates, {@code yyyy-MM-dd
 *       HH:mm:ss} in UTC); {@code until} (the same forms).
 * </ul>
 *
 * A provider's reason maps to a category: a hard bounce to {@code LIST}, a complaint or spam report
 * to {@code COMPLAINT}, anything else (a manual suppression, an unsubscribe) to none. The formats
 * are those of Amazon SES's account-level suppression list, SendGrid's bounce and spam-report
 * exports, Mailgun's bounce, complaint and unsubscribe lists and Postmark's suppression dump; the
 * test fixtures' README names the documentation each follows.
 */
final class SuppressionFile {

    /** One line that becomes a {@code SUPPRESS} command. */
    record Entry(
            long line,
            String recipient,
            Category category,
            String reason,
            Long created,
            Long until,
            String commandId) {

        /** The SUPPRESS command of one line. */
        byte[] command(String operator) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("commandId", commandId());
                g.writeStringField("recipient", recipient());
                g.writeStringField("action", "SUPPRESS");
                if (until() != null) {
                    g.writeStringField("until", PayloadWriter.instant(until()));
                }
                g.writeStringField("reason", reason());
                g.writeStringField("operator", operator);
                if (category() != null) {
                    g.writeStringField("category", category().name());
                }
                g.writeStringField("source", "IMPORT");
                if (created() != null) {
                    g.writeStringField("timestamp", PayloadWriter.instant(created()));
                }
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** What the reader hands over, line by line. */
    interface Sink {
        void entry(Entry entry);

        void rejected(long line, String reason);
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final long EARLIEST = 946_684_800_000L; // 2000-01-01T00:00:00Z
    private static final long DAY = 86_400_000L;
    private static final DateTimeFormatter SPACED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]", Locale.ROOT);

    private enum Column {
        ADDRESS,
        REASON_TEXT,
        KIND,
        CATEGORY,
        STATUS,
        CREATED,
        UNTIL,
        IGNORED
    }

    private static final Map<String, Column> NAMES = new HashMap<>();

    static {
        for (String name : List.of("email", "emailaddress", "address", "recipient")) {
            NAMES.put(name, Column.ADDRESS);
        }
        for (String name : List.of("error", "diagnostic", "note", "description")) {
            NAMES.put(name, Column.REASON_TEXT);
        }
        for (String name : List.of("reason", "type", "suppressionreason")) {
            NAMES.put(name, Column.KIND);
        }
        NAMES.put("category", Column.CATEGORY);
        NAMES.put("status", Column.STATUS);
        NAMES.put("code", Column.STATUS);
        for (String name :
                List.of("created", "createdat", "lastupdatetime", "since", "date", "timestamp")) {
            NAMES.put(name, Column.CREATED);
        }
        NAMES.put("until", Column.UNTIL);
        NAMES.put("expiresat", Column.UNTIL);
    }

    private final String source;

    /**
     * @param source the file's name, the reason of a line that gives none
     */
    SuppressionFile(String source) {
        this.source = source;
    }

    /** Reads every line of {@code in}, CSV or JSON lines as its first character says. */
    void read(InputStream in, Sink sink) throws IOException {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        String first = reader.readLine();
        long number = 1;
        while (first != null && first.isBlank()) {
            first = reader.readLine();
            number++;
        }
        if (first == null) {
            return;
        }
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        if (first.stripLeading().startsWith("{")) {
            jsonLines(first, number, reader, sink);
        } else {
            csv(first, number, reader, sink);
        }
    }

    // ---- JSON lines

    private void jsonLines(String first, long firstNumber, BufferedReader reader, Sink sink)
            throws IOException {
        long number = firstNumber;
        for (String line = first; line != null; line = reader.readLine(), number++) {
            if (line.isBlank()) {
                continue;
            }
            Map<Column, String> values = new HashMap<>();
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    sink.rejected(number, "not a JSON object");
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    Column column = column(p.currentName());
                    JsonToken value = p.nextToken();
                    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        if (column != Column.IGNORED) {
                            values.putIfAbsent(column, p.getText());
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (p.nextToken() != null) {
                    sink.rejected(number, "more than one JSON value on the line");
                    continue;
                }
            } catch (IOException e) {
                sink.rejected(number, "not valid JSON");
                continue;
            }
            entry(number, line, values, sink);
        }
    }

    // ---- CSV

    private void csv(String header, long headerNumber, BufferedReader reader, Sink sink)
            throws IOException {
        char delimiter = delimiter(header);
        List<String> names = new ArrayList<>();
        long[] next = {headerNumber};
        if (!fields(header, reader, delimiter, names, next)) {
            sink.rejected(headerNumber, "the header row has an unclosed quote");
            return;
        }
        Column[] columns = new Column[names.size()];
        boolean hasAddress = false;
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(names.get(i));
            hasAddress |= columns[i] == Column.ADDRESS;
        }
        if (!hasAddress) {
            sink.rejected(
                    headerNumber,
                    "the header row names no address column (email, address, recipient or"
                            + " EmailAddress)");
            return;
        }
        List<String> fields = new ArrayList<>(columns.length);
        String line;
        while ((line = reader.readLine()) != null) {
            long number = ++next[0];
            if (line.isBlank()) {
                continue;
            }
            fields.clear();
            if (!fields(line, reader, delimiter, fields, next)) {
                sink.rejected(number, "a quoted field is not closed");
                continue;
            }
            Map<Column, String> values = new HashMap<>();
            for (int i = 0; i < Math.min(columns.length, fields.size()); i++) {
                if (columns[i] != Column.IGNORED && !fields.get(i).isBlank()) {
                    values.putIfAbsent(columns[i], fields.get(i));
                }
            }
            entry(number, String.join("\u001f", fields), values, sink);
        }
    }

    /** The header's most frequent of comma, semicolon and tab. */
    private static char delimiter(String header) {
        char best = ',';
        long most = header.chars().filter(c -> c == ',').count();
        for (char c : new char[] {';', '\t'}) {
            long count = header.chars().filter(x -> x == c).count();
            if (count > most) {
                best = c;
                most = count;
            }
        }
        return best;
    }

    /**
     * Splits one record (RFC 4180 quoting; a quoted field may go on over the next lines, which
     * {@code next} counts) into {@code out}; false when a quote is never closed.
     */
    private static boolean fields(
            String line, BufferedReader reader, char delimiter, List<String> out, long[] next)
            throws IOException {
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        String rest = line;
        int i = 0;
        while (true) {
            if (i == rest.length()) {
                if (!quoted) {
                    out.add(field.toString().strip());
                    return true;
                }
                String more = reader.readLine();
                if (more == null) {
                    return false;
                }
                next[0]++;
                field.append('\n');
                rest = more;
                i = 0;
                continue;
            }
            char c = rest.charAt(i++);
            if (quoted) {
                if (c != '"') {
                    field.append(c);
                } else if (i < rest.length() && rest.charAt(i) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = false;
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == delimiter) {
                out.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }

    // ---- one entry

    private static Column column(String name) {
        StringBuilder key = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                key.append(Character.toLowerCase(c));
            }
        }
        return NAMES.getOrDefault(key.toString(), Column.IGNORED);
    }

    private void entry(long number, String content, Map<Column, String> values, Sink sink) {
        String raw = values.get(Column.ADDRESS);
        if (raw == null || raw.isBlank()) {
            sink.rejected(number, "no address");
            return;
        }
        String recipient;
        try {
            recipient = Addresses.normaliseRecipient(raw);
        } catch (IllegalArgumentException e) {
            sink.rejected(number, e.getMessage());
            return;
        }
        Long created;
        Long until;
        try {
            created = time(values.get(Column.CREATED));
            until = time(values.get(Column.UNTIL));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            sink.rejected(
                    number,
                    "a time is not one of ISO-8601, epoch seconds or milliseconds, an RFC 1123"
                            + " date or yyyy-MM-dd HH:mm:ss");
            return;
        }
        if (created != null && (created < EARLIEST || created > System.currentTimeMillis() + DAY)) {
            // The monitor refuses a command of such a time.
            sink.rejected(
                    number,
                    "the time it was suppressed, "
                            + values.get(Column.CREATED).strip()
                            + ", is before 2000 or in the future");
            return;
        }
        Category category = category(values);
        String kind = values.get(Column.KIND);
        String text = values.get(Column.REASON_TEXT);
        String reason = text != null ? text : kind != null ? kind : "imported from " + source;
        if (reason.length() > InputParser.MAX_TEXT_LENGTH) {
            // The monitor refuses a longer one, and the start says enough.
            reason = reason.substring(0, InputParser.MAX_TEXT_LENGTH);
        }
        sink.entry(
                new Entry(
                        number,
                        recipient,
                        category,
                        reason,
                        created,
                        until,
                        commandId(recipient, content)));
    }

    /** The category the line names, or that its provider's reason or codes mean; else null. */
    private static Category category(Map<Column, String> values) {
        String named = values.get(Column.CATEGORY);
        if (named != null) {
            try {
                return Category.valueOf(named.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // not one of ours: read it as a provider's reason
            }
        }
        for (String raw : new String[] {named, values.get(Column.KIND)}) {
            Category meant = providerReason(raw);
            if (meant != null) {
                return meant;
            }
        }
        // A bounce list's enhanced status (SendGrid 5.1.1) or SMTP code (Mailgun 550).
        String status = values.get(Column.STATUS);
        if (status != null && status.strip().startsWith("5")) {
            return Category.LIST;
        }
        return null;
    }

    private static Category providerReason(String raw) {
        if (raw == null) {
            return null;
        }
        String key = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return switch (key) {
            case "bounce", "bounced", "hardbounce", "hard", "permanent", "permanentbounce" ->
                    Category.LIST;
            case "complaint", "spamcomplaint", "spam", "spamreport", "abuse" -> Category.COMPLAINT;
            default -> null;
        };
    }

    /** Epoch milliseconds of a time in one of the forms providers write; null when blank. */
    static Long time(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String text = raw.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            long n = Long.parseLong(text);
            // Epoch seconds until the year 5138; milliseconds beyond.
            return n < 100_000_000_000L ? Math.multiplyExact(n, 1000L) : n;
        }
        if (text.matches("\\d+\\.\\d+")) {
            return Math.round(Double.parseDouble(text) * 1000);
        }
        if (Character.isLetter(text.charAt(0))) {
            // RFC 1123 (Mailgun's created_at), with UTC or GMT.
            return ZonedDateTime.parse(
                            text.replace(" UTC", " GMT"), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        }
        if (text.length() > 10 && text.charAt(10) == ' ') {
            return LocalDateTime.parse(text, SPACED).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return IsoInstant.parseMillis(text);
    }

    /**
     * An id that only this recipient on a line of this content has: importing the same file again
     * sends the same commands, which change nothing.
     */
    private static String commandId(String recipient, String content) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        sha.update(recipient.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        byte[] digest = sha.digest(content.getBytes(StandardCharsets.UTF_8));
        return "import-" + HexFormat.of().formatHex(digest, 0, 16);
    }
}
