package io.bouncewatch.fuzz;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A seeded generator of input records for the four input topics: about half are poison (records
 * docs/interface.md §2 and README.md say must end in the dead-letter topic, with a reason naming
 * the problem) and the rest are valid but tricky (padded and upper-case addresses,
 * internationalised addresses, several {@code @}, unknown and nested extra fields, epoch-millis and
 * offset timestamps, redelivered duplicates...). Every record knows whether it is valid and, if so,
 * which normalised mailbox it counts for and as what.
 *
 * <p>Only {@link java.util.Random} with the given seed drives the choices, so one seed always gives
 * the same records (for the same {@code now}).
 */
public final class PoisonGenerator {

    /** The four input topics. */
    public enum Input {
        SENDS,
        BOUNCES,
        COMPLAINTS,
        COMMANDS
    }

    /** What a valid record adds to its mailbox's lifetime totals. */
    public enum Counts {
        SEND,
        BOUNCE,
        COMPLAINT,
        NOTHING
    }

    /**
     * One generated record.
     *
     * @param seq position in the generated sequence (0-based)
     * @param category what kind of record it is, e.g. {@code bad/address/no-at}
     * @param input the input topic it goes to
     * @param key key bytes as sent (null for a null key)
     * @param value value bytes as sent (null for a tombstone)
     * @param valid whether the monitor must accept it
     * @param mailbox the normalised mailbox a valid record counts for or creates (else null)
     * @param counts what a valid record adds to the mailbox's totals
     * @param createsMailbox whether a valid record makes the mailbox exist (events, a mailbox
     *     PAUSE)
     * @param reason what the dead-letter reason must contain (bad records only)
     */
    public record Poison(
            int seq,
            String category,
            Input input,
            byte[] key,
            byte[] value,
            boolean valid,
            String mailbox,
            Counts counts,
            boolean createsMailbox,
            Pattern reason) {

        /** A short, printable description for failure messages (never the whole 1 MB value). */
        public String describe() {
            return "#"
                    + seq
                    + " "
                    + category
                    + " on "
                    + input
                    + " key="
                    + preview(key)
                    + " value="
                    + preview(value)
                    + (valid
                            ? " (valid: " + counts + " for " + mailbox + ")"
                            : " (bad: reason ~ /" + reason + "/)");
        }

        public int size() {
            return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        }
    }

    /** Lifetime totals of one mailbox: sends, bounces, complaints. */
    public record Totals(long sends, long bounces, long complaints) {
        static final Totals ZERO = new Totals(0, 0, 0);

        Totals plus(Counts c) {
            return switch (c) {
                case SEND -> new Totals(sends + 1, bounces, complaints);
                case BOUNCE -> new Totals(sends, bounces + 1, complaints);
                case COMPLAINT -> new Totals(sends, bounces, complaints + 1);
                case NOTHING -> this;
            };
        }

        @Override
        public String toString() {
            return sends + "/" + bounces + "/" + complaints;
        }
    }

    private static final String[] DOMAINS = {
        "acme.io",
        "example.com",
        "mail.co.uk",
        "bücher.de",
        "例子.广告",
        "xn--bcher-kva.de",
        "sub.domain.example.org",
        "very-long-label-" + "x".repeat(40) + ".net",
    };
    private static final String[] LOCALS = {
        "alice",
        "bob",
        "carol",
        "dave",
        "first.last",
        "a+tag",
        "o'neil",
        "josé",
        "用户",
        "müller",
        "ünïcödé",
        "user_1",
        "x",
        "<script>alert(1)</script>",
        "\"quoted\"",
        "a@b",
        "x@y@z",
        "δοκιμή",
        "почта",
    };
    private static final Pattern ANY_UNREADABLE =
            Pattern.compile("invalid JSON|not a JSON object|empty record value");

    private final long seed;
    private final Random random;
    private final Instant now;
    private final int hugeChars;
    private final List<String> mailboxes = new ArrayList<>();
    private final List<String> domains = new ArrayList<>();
    private int seq;
    private int ids;
    private int ghosts;
    private Poison previous;

    /**
     * @param seed the seed of every random choice
     * @param now the monitor's clock while it processes the records (timestamps are relative to it)
     * @param hugeChars length of the "huge" strings (1 MB eventIds and diagnostics)
     * @param mailboxes how many distinct mailboxes valid records spread over
     */
    public PoisonGenerator(long seed, Instant now, int hugeChars, int mailboxes) {
        this.seed = seed;
        this.random = new Random(seed);
        this.now = now;
        this.hugeChars = hugeChars;
        Set<String> pool = new LinkedHashSet<>();
        while (pool.size() < mailboxes) {
            String local =
                    pick(LOCALS) + (random.nextInt(4) == 0 ? "" : "." + random.nextInt(1000));
            pool.add(local + "@" + IDN.toASCII(pick(DOMAINS)));
        }
        this.mailboxes.addAll(pool);
        this.domains.addAll(List.of(DOMAINS));
    }

    public long seed() {
        return seed;
    }

    /** {@code count} records, about half of them bad, spread over the four input topics. */
    public List<Poison> generate(int count) {
        List<Poison> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    public Poison next() {
        Poison p;
        if (previous != null
                && previous.valid()
                && previous.counts() != Counts.NOTHING
                && random.nextInt(40) == 0) {
            // A producer retry / webhook redelivery: the very same record again, counted once.
            p =
                    new Poison(
                            seq,
                            "valid/duplicate-redelivery",
                            previous.input(),
                            previous.key(),
                            previous.value(),
                            true,
                            previous.mailbox(),
                            Counts.NOTHING,
                            true,
                            null);
        } else {
            Input input = Input.values()[random.nextInt(4)];
            p = random.nextBoolean() ? valid(input) : bad(input);
        }
        seq++;
        previous = p;
        return p;
    }

    // ------------------------------------------------------------------ expectations

    /** The lifetime totals every mailbox must end with, by normalised mailbox. */
    public static Map<String, Totals> expectedTotals(Collection<Poison> records) {
        Map<String, Totals> out = new TreeMap<>();
        for (Poison p : records) {
            if (p.valid() && p.createsMailbox()) {
                out.merge(
                        p.mailbox(),
                        Totals.ZERO.plus(p.counts()),
                        (a, b) ->
                                new Totals(
                                        a.sends() + b.sends(),
                                        a.bounces() + b.bounces(),
                                        a.complaints() + b.complaints()));
            }
        }
        return out;
    }

    public static List<Poison> bad(Collection<Poison> records) {
        return records.stream().filter(p -> !p.valid()).toList();
    }

    /** How many records of each category, for the test's report. */
    public static Map<String, Integer> histogram(Collection<Poison> records) {
        Map<String, Integer> out = new TreeMap<>();
        for (Poison p : records) {
            out.merge(p.category(), 1, Integer::sum);
        }
        return out;
    }

    // ------------------------------------------------------------------ valid records

    private Poison valid(Input input) {
        if (input == Input.COMMANDS) {
            return validCommand();
        }
        String mailbox = pick(mailboxes);
        Presented address = present(mailbox);
        Json body = new Json().put("eventId", str(nextId(input)));
        List<String> tags = new ArrayList<>();
        tags.add(address.how());
        if (random.nextInt(6) == 0) {
            body.put("recipient", str("r" + random.nextInt(10_000) + "@example.com"));
        }
        body.put("mailbox", str(address.text()));
        String ts = validTimestamp();
        if (ts != null) {
            body.put("timestamp", ts);
            tags.add("timestamp");
        }
        Counts counts =
                switch (input) {
                    case SENDS -> {
                        if (random.nextBoolean()) {
                            body.put("campaignId", str("c-" + random.nextInt(100)));
                        }
                        yield Counts.SEND;
                    }
                    case BOUNCES -> validBounceFields(body, tags);
                    case COMPLAINTS -> {
                        body.put(
                                "feedbackType",
                                str(
                                        pick(
                                                new String[] {
                                                    "abuse", "fraud", "virus", "other", "not-spam"
                                                })));
                        yield Counts.COMPLAINT;
                    }
                    case COMMANDS -> throw new IllegalStateException();
                };
        if (random.nextInt(3) == 0) {
            extras(body);
            tags.add("extras");
        }
        if (random.nextInt(4) == 0) {
            body.shuffle(random);
        }
        byte[] value = body.bytes();
        switch (random.nextInt(12)) {
            case 0 -> {
                // A UTF-8 byte order mark, as some Windows producers write it.
                value = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, value);
                tags.add("bom");
            }
            case 1 -> {
                value = concat(value, bytes(pick(new String[] {"\n", "\r\n", "  ", "\t\n "})));
                tags.add("trailing-white-space");
            }
            default -> {}
        }
        String category =
                "valid/" + input.name().toLowerCase(Locale.ROOT) + "/" + String.join("+", tags);
        return new Poison(
                seq,
                category,
                input,
                validKey(mailbox, address.text()),
                value,
                true,
                mailbox,
                counts,
                true,
                null);
    }

    /**
     * Fills a valid bounce's fields; a bounce with a success code and no failure status anywhere is
     * a delivery notice, which makes its mailbox exist but is not a bounce.
     */
    private Counts validBounceFields(Json body, List<String> tags) {
        Integer successCode = null;
        switch (random.nextInt(6)) {
            case 0 ->
                    body.put(
                            "type",
                            str(pick(new String[] {"HARD", "SOFT", "hard", " Soft ", "", "  "})));
            case 1 -> body.put("type", "null");
            case 2 -> {
                int code = 200 + random.nextInt(400);
                body.put("smtpCode", Integer.toString(code));
                successCode = code < 300 ? code : null;
            }
            case 3 ->
                    body.put(
                            "enhancedStatus",
                            str(pick(new String[] {"5.1.1", "4.2.2", "5.7.1", "4.4.7", "", "x"})));
            default -> {
                body.put("type", str("HARD"))
                        .put("smtpCode", "550")
                        .put("enhancedStatus", str("5.1.1"));
            }
        }
        String diagnostic = null;
        if (random.nextBoolean()) {
            diagnostic =
                    pick(
                            new String[] {
                                "user unknown",
                                "mailbox full",
                                "<b>spam</b> & \"blocked\"",
                                "550 5.1.1 \u00e9\u00e8 \u4e2d\u6587",
                                "line1\nline2\ttab",
                                ""
                            });
            body.put("diagnostic", str(diagnostic));
        }
        // Only one diagnostic carries a status of its own, which beats the reply code.
        if (successCode != null && (diagnostic == null || !diagnostic.contains("5.1.1"))) {
            tags.add("delivery-notice");
            return Counts.NOTHING;
        }
        return Counts.BOUNCE;
    }

    private Poison validCommand() {
        Json body = new Json().put("commandId", str("op-" + nextId(Input.COMMANDS)));
        int kind = random.nextInt(10);
        String category;
        String mailbox = null;
        boolean creates = false;
        byte[] key;
        if (kind < 6) {
            mailbox = pick(mailboxes);
            Presented address = present(mailbox);
            String action = pick(new String[] {"PAUSE", "RESUME", "RESET"});
            creates = action.equals("PAUSE");
            body.put("mailbox", str(address.text())).put("action", str(presentAction(action)));
            key = validKey(mailbox, address.text());
            category =
                    "valid/command/mailbox-"
                            + action.toLowerCase(Locale.ROOT)
                            + "+"
                            + address.how();
        } else if (kind < 7) {
            // REMOVE of a mailbox that never had an event: accepted, and nothing to forget.
            String ghost = "ghost-" + (++ghosts) + "@never-seen.io";
            body.put("mailbox", str(ghost)).put("action", str(presentAction("REMOVE")));
            key = bytes(ghost);
            category = "valid/command/mailbox-remove-unknown";
        } else {
            String domain = pick(domains);
            String action = pick(new String[] {"PAUSE", "RESUME"});
            String presented = random.nextBoolean() ? domain : pad(upper(domain));
            body.put("domain", str(presented)).put("action", str(presentAction(action)));
            key = random.nextInt(4) == 0 ? null : bytes(domain);
            category = "valid/command/domain-" + action.toLowerCase(Locale.ROOT);
        }
        if (random.nextBoolean()) {
            body.put(
                    "reason",
                    str(
                            pick(
                                    new String[] {
                                        "list cleaned", "DNS change", "<i>ops</i>", "\u00fcber", ""
                                    })));
        }
        if (random.nextBoolean()) {
            body.put("operator", str("ops@acme.io"));
        }
        String ts = validTimestamp();
        if (ts != null) {
            body.put("timestamp", ts);
        }
        if (random.nextInt(4) == 0) {
            extras(body);
        }
        return new Poison(
                seq,
                category,
                Input.COMMANDS,
                key,
                body.bytes(),
                true,
                creates ? mailbox : null,
                Counts.NOTHING,
                creates,
                null);
    }

    private String presentAction(String action) {
        return switch (random.nextInt(4)) {
            case 0 -> action.toLowerCase(Locale.ROOT);
            case 1 -> " " + action + " ";
            default -> action;
        };
    }

    /**
     * A valid timestamp field as raw JSON, or null to leave it out (the record timestamp is used).
     */
    private String validTimestamp() {
        Instant at = now.minus(Duration.ofSeconds(random.nextInt(30 * 24 * 3600)));
        return switch (random.nextInt(9)) {
            case 0, 1 -> null;
            case 2 -> "null";
            case 3 -> str(at.toString());
            case 4 -> Long.toString(at.toEpochMilli());
            case 5 ->
                    str(
                            at.atOffset(
                                            ZoneOffset.ofHoursMinutes(
                                                    random.nextInt(14),
                                                    random.nextBoolean() ? 0 : 45))
                                    .toString());
            case 6 -> str(at.atOffset(ZoneOffset.ofHours(-1 - random.nextInt(11))).toString());
            case 7 -> str(Instant.parse("2000-01-01T00:00:00Z").toString());
            default -> str(now.plus(Duration.ofHours(20)).toString());
        };
    }

    private void extras(Json body) {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name =
                    pick(
                            new String[] {
                                "vendor",
                                "tags",
                                "meta",
                                "x-trace",
                                "\u00e9t\u00e9",
                                "nested",
                                "n",
                                "b",
                                "Mailbox",
                                "EVENTID",
                                "eventid",
                                ""
                            });
            String value =
                    switch (random.nextInt(7)) {
                        case 0 -> nested(1 + random.nextInt(12));
                        case 1 -> "[1,2.5e3,-0,true,null,\"x\",{\"deep\":[{}]}]";
                        case 2 -> "true";
                        case 3 -> "null";
                        case 4 -> "-1.25E+300";
                        case 5 -> str("z".repeat(random.nextInt(2000)));
                        default ->
                                "{\"eventId\":42,\"mailbox\":[\"not\",\"read\"],\"timestamp\":false}";
                    };
            body.put(name, value);
        }
    }

    /** A nested object of {@code depth} levels, which stays under the parser's 32-level limit. */
    private String nested(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(random.nextBoolean() ? "{\"k\":" : "[");
        }
        b.append("1");
        // close in reverse
        String open = b.toString();
        StringBuilder close = new StringBuilder();
        for (int i = open.length() - 1; i >= 0; i--) {
            char c = open.charAt(i);
            if (c == '{') {
                close.append('}');
            } else if (c == '[') {
                close.append(']');
            }
        }
        return open + close;
    }

    /**
     * How a valid address is written; normalising it (trim, lower-case, the domain without a
     * trailing dot and in ASCII) gives the pool mailbox.
     */
    private record Presented(String text, String how) {}

    private Presented present(String mailbox) {
        Presented written = write(mailbox);
        Presented shown = show(written.text());
        return written.how().isEmpty()
                ? shown
                : new Presented(shown.text(), shown.how() + "+" + written.how());
    }

    /** The pool's ASCII domain as its owner may write it: in Unicode, or fully qualified. */
    private Presented write(String mailbox) {
        int at = mailbox.lastIndexOf('@');
        String domain = mailbox.substring(at + 1);
        return switch (random.nextInt(6)) {
            case 0 ->
                    domain.equals(IDN.toUnicode(domain))
                            ? new Presented(mailbox, "")
                            : new Presented(
                                    mailbox.substring(0, at + 1) + IDN.toUnicode(domain),
                                    "unicode-domain");
            case 1 -> new Presented(mailbox + ".", "trailing-dot");
            default -> new Presented(mailbox, "");
        };
    }

    private Presented show(String mailbox) {
        return switch (random.nextInt(6)) {
            case 0 -> new Presented(upper(mailbox), "upper");
            case 1 -> new Presented(pad(mailbox), "padded");
            case 2 -> new Presented(pad(upper(mailbox)), "padded-upper");
            default -> new Presented(mailbox, "plain");
        };
    }

    /** Upper-cases the characters whose lower case comes back to them (so {@code ß} stays). */
    private String upper(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .forEach(
                        cp -> {
                            String one = new String(Character.toChars(cp));
                            String up = one.toUpperCase(Locale.ROOT);
                            b.append(
                                    random.nextInt(3) != 0
                                                    && up.toLowerCase(Locale.ROOT).equals(one)
                                            ? up
                                            : one);
                        });
        return b.toString();
    }

    /** White space and ASCII control characters that {@code String.trim} removes. */
    private String pad(String s) {
        String[] pads = {" ", "  ", "\t", "\n", "\r\n", " \t "};
        return pick(pads) + s + pick(pads);
    }

    private byte[] validKey(String normalised, String presented) {
        return switch (random.nextInt(10)) {
            case 0 -> null;
            case 1 -> bytes(presented);
            case 2 -> bytes("partner-" + random.nextInt(10));
            case 3 -> new byte[0];
            default -> bytes(normalised);
        };
    }

    private String nextId(Input input) {
        String prefix =
                switch (input) {
                    case SENDS -> "s-";
                    case BOUNCES -> "b-";
                    case COMPLAINTS -> "c-";
                    case COMMANDS -> "";
                };
        return prefix + seed + "-" + (++ids);
    }

    // ------------------------------------------------------------------ bad records

    private Poison bad(Input input) {
        List<Supplier<Poison>> kinds =
                new ArrayList<>(
                        List.of(
                                () -> randomBytes(input),
                                () -> truncated(input),
                                () -> deeplyNested(input),
                                () -> notAnObject(input),
                                () -> wrongType(input),
                                () -> hugeOrLongId(input),
                                () -> missingId(input),
                                () -> missingTarget(input),
                                () -> badAddress(input),
                                () -> badTimestamp(input),
                                () -> tombstoneOrEmpty(input),
                                () -> trailingGarbage(input),
                                () -> syntaxError(input),
                                () -> invalidUtf8(input)));
        if (input == Input.BOUNCES) {
            kinds.add(this::badBounceType);
            kinds.add(this::badSmtpCode);
            kinds.add(this::badClassificationField);
        }
        if (input == Input.COMMANDS) {
            kinds.add(this::unknownAction);
            kinds.add(this::domainResetOrRemove);
            kinds.add(this::bothMailboxAndDomain);
            kinds.add(this::badDomain);
        }
        return kinds.get(random.nextInt(kinds.size())).get();
    }

    private Poison poison(String category, Input input, byte[] value, String reason) {
        return poison(category, input, value, Pattern.compile(reason));
    }

    private Poison poison(String category, Input input, byte[] value, Pattern reason) {
        return new Poison(
                seq,
                "bad/" + category,
                input,
                badKey(),
                value,
                false,
                null,
                Counts.NOTHING,
                false,
                reason);
    }

    private byte[] badKey() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> new byte[0];
            case 2 -> randomBytesOf(1 + random.nextInt(40));
            default -> bytes(pick(mailboxes));
        };
    }

    /** A well-formed body for the topic, as a base for single mutations. */
    private Json wellFormed(Input input) {
        String mailbox = pick(mailboxes);
        if (input == Input.COMMANDS) {
            return new Json()
                    .put("commandId", str("op-" + nextId(input)))
                    .put("mailbox", str(mailbox))
                    .put("action", str("PAUSE"))
                    .put("reason", str("fuzz"));
        }
        Json body =
                new Json()
                        .put("eventId", str(nextId(input)))
                        .put("mailbox", str(mailbox))
                        .put("timestamp", str(now.minusSeconds(60).toString()));
        if (input == Input.BOUNCES) {
            body.put("type", str("HARD"))
                    .put("smtpCode", "550")
                    .put("enhancedStatus", str("5.1.1"))
                    .put("diagnostic", str("user unknown"));
        }
        return body;
    }

    private static String idField(Input input) {
        return input == Input.COMMANDS ? "commandId" : "eventId";
    }

    private Poison randomBytes(Input input) {
        byte[] value = randomBytesOf(random.nextInt(300));
        if (value.length > 0 && value[0] == '{') {
            value[0] = 'x';
        }
        return poison("random-bytes", input, value, ANY_UNREADABLE);
    }

    private Poison truncated(Input input) {
        byte[] whole = wellFormed(input).bytes();
        int cut = 1 + random.nextInt(whole.length - 1);
        // A cut right after a digit leaves a complete number (smtpCode 5 fails for another reason).
        while (Character.isDigit(whole[cut - 1])) {
            cut--;
        }
        byte[] value = new byte[cut];
        System.arraycopy(whole, 0, value, 0, cut);
        return poison("truncated-json", input, value, "invalid JSON");
    }

    private Poison deeplyNested(Input input) {
        int depth = pick(new Integer[] {33, 100, 1000, 10_000});
        return switch (random.nextInt(3)) {
            case 0 -> {
                Json body = wellFormed(input).put("extra", nestedRaw(depth, random.nextBoolean()));
                yield poison("deeply-nested/field-" + depth, input, body.bytes(), "nesting depth");
            }
            case 1 ->
                    poison(
                            "deeply-nested/top-array-" + depth,
                            input,
                            bytes("[".repeat(depth) + "]".repeat(depth)),
                            "not a JSON object");
            default ->
                    poison(
                            "deeply-nested/top-object-" + depth,
                            input,
                            bytes(nestedRaw(depth, true)),
                            "nesting depth");
        };
    }

    private static String nestedRaw(int depth, boolean objects) {
        return objects
                ? "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)
                : "[".repeat(depth) + "]".repeat(depth);
    }

    private Poison notAnObject(Input input) {
        String whole = wellFormed(input).text();
        String value =
                pick(
                        new String[] {
                            "[" + whole + "]",
                            str(whole),
                            "42",
                            "-1.5e10",
                            "true",
                            "false",
                            "null",
                            "\"alice@acme.io\"",
                            "[]",
                            "   ",
                            "\n"
                        });
        return poison("not-an-object", input, bytes(value), "not a JSON object");
    }

    private Poison wrongType(Input input) {
        Json body = wellFormed(input);
        String[] wrong = {"42", "-1", "3.14", "true", "{\"id\":\"x\"}", "[\"x\"]", "[]", "{}"};
        int which = random.nextInt(input == Input.BOUNCES ? 4 : 3);
        String field;
        String value = pick(wrong);
        String reason;
        switch (which) {
            case 0 -> {
                field = idField(input);
                reason = "field '" + field + "' must be a string";
            }
            case 1 -> {
                field = "mailbox";
                value =
                        pick(
                                new String[] {
                                    "[\"alice@acme.io\"]",
                                    "{\"address\":\"alice@acme.io\"}",
                                    "7",
                                    "false"
                                });
                reason = "field 'mailbox' must be a string";
            }
            case 2 -> {
                if (input == Input.COMMANDS) {
                    field = "action";
                    value = pick(new String[] {"1", "[\"PAUSE\"]", "{\"do\":\"PAUSE\"}", "true"});
                    reason = "field 'action' must be a string";
                } else {
                    field = "timestamp";
                    value =
                            pick(
                                    new String[] {
                                        "true",
                                        "false",
                                        "{\"epoch\":1}",
                                        "[2026]",
                                        "1.7e12",
                                        "17000000000.5"
                                    });
                    reason = "field 'timestamp' must be an ISO-8601 string";
                }
            }
            default -> {
                field = "smtpCode";
                value =
                        pick(
                                new String[] {
                                    "\"550\"", "550.0", "true", "[550]", "{\"code\":550}", "5.5e2"
                                });
                reason = "field 'smtpCode' must be an integer";
            }
        }
        body.put(field, value);
        return poison("wrong-type/" + field, input, body.bytes(), Pattern.quote(reason));
    }

    private Poison hugeOrLongId(Input input) {
        Json body = wellFormed(input);
        String field = idField(input);
        if (random.nextInt(8) == 0) {
            body.put(field, str("h".repeat(hugeChars)));
            return poison(
                    "huge-id", input, body.bytes(), "String value length .* exceeds the maximum");
        }
        int length = 257 + random.nextInt(random.nextBoolean() ? 100 : 60_000);
        body.put(field, str("l".repeat(length)));
        return poison(
                "long-id",
                input,
                body.bytes(),
                Pattern.quote("field '" + field + "' is longer than 256"));
    }

    private Poison missingId(Input input) {
        Json body = wellFormed(input);
        String field = idField(input);
        switch (random.nextInt(4)) {
            case 0 -> {
                body.remove(field);
                return poison(
                        "missing-id/absent",
                        input,
                        body.bytes(),
                        Pattern.quote("missing required field '" + field + "'"));
            }
            case 1 -> {
                body.put(field, "null");
                return poison(
                        "missing-id/null",
                        input,
                        body.bytes(),
                        Pattern.quote("missing required field '" + field + "'"));
            }
            default -> {
                body.put(field, str(pick(new String[] {"", " ", "\t\n", "   "})));
                return poison(
                        "missing-id/empty",
                        input,
                        body.bytes(),
                        Pattern.quote("required field '" + field + "' is empty"));
            }
        }
    }

    private Poison missingTarget(Input input) {
        Json body = wellFormed(input);
        if (input == Input.COMMANDS) {
            body.remove("mailbox");
            if (random.nextBoolean()) {
                body.put("mailbox", "null");
            }
            return poison(
                    "missing-target/neither-mailbox-nor-domain",
                    input,
                    body.bytes(),
                    Pattern.quote("missing required field 'mailbox', 'domain' or 'recipient'"));
        }
        switch (random.nextInt(3)) {
            case 0 -> {
                body.remove("mailbox");
                return poison(
                        "missing-mailbox/absent",
                        input,
                        body.bytes(),
                        Pattern.quote("missing required field 'mailbox'"));
            }
            case 1 -> {
                body.put("mailbox", "null");
                return poison(
                        "missing-mailbox/null",
                        input,
                        body.bytes(),
                        Pattern.quote("missing required field 'mailbox'"));
            }
            default -> {
                body.put("mailbox", str(pick(new String[] {"", " ", "\t"})));
                return poison(
                        "missing-mailbox/empty",
                        input,
                        body.bytes(),
                        Pattern.quote("required field 'mailbox' is empty"));
            }
        }
    }

    /** Addresses README.md says are dead letters, each with the words its reason must contain. */
    static final String[][] BAD_ADDRESSES = {
        {"no-at", "alice.acme.io", "has no @"},
        {"no-at-upper", " ALICE ", "has no @"},
        {"nothing-before-at", "@acme.io", "has nothing before the @"},
        {"nothing-before-at-padded", "  @ACME.io ", "has nothing before the @"},
        {"nothing-after-at", "alice@", "has no domain"},
        {"nothing-after-last-at", "a@b@", "has no domain"},
        {"only-at", "@", "has nothing before the @"},
        {"space-in-local", "al ice@acme.io", "white space or a control character"},
        {"space-in-domain", "alice@ac me.io", "white space or a control character"},
        {"tab-inside", "alice\t@acme.io", "white space or a control character"},
        {"newline-inside", "alice@acme\n.io", "white space or a control character"},
        {"nul-inside", "alice\u0000x@acme.io", "white space or a control character"},
        {"control-inside", "al\u0001ice@acme.io", "white space or a control character"},
        {"escape-inside", "alice@acme\u001b[31m.io", "white space or a control character"},
        {"del-inside", "alice\u007f@acme.io", "white space or a control character"},
        {"c1-control-inside", "alice\u0085@acme.io", "white space or a control character"},
        {"line-separator-inside", "alice\u2028@acme.io", "white space or a control character"},
        {"ideographic-space-inside", "用户\u3000@例子.广告", "white space or a control character"},
        {"too-long", "a".repeat(400) + "@acme.io", "mailbox is longer than 320 characters"},
        {
            "field-too-long",
            "a".repeat(700) + "@acme.io",
            "field 'mailbox' is longer than 640 characters"
        },
        {"domain-too-long", "a@" + "d".repeat(256), "domain is longer than 255 characters"},
    };

    private Poison badAddress(Input input) {
        String[] bad = BAD_ADDRESSES[random.nextInt(BAD_ADDRESSES.length)];
        Json body = wellFormed(input).put("mailbox", str(bad[1]));
        return poison("address/" + bad[0], input, body.bytes(), Pattern.quote(bad[2]));
    }

    private Poison badTimestamp(Input input) {
        Json body = wellFormed(input);
        String[][] cases = {
            {"1970", str("1970-01-01T00:00:00Z"), "before 2000"},
            {"epoch-0", "0", "before 2000"},
            {"negative-millis", "-1", "before 2000"},
            {"just-before-2000", str("1999-12-31T23:59:59.999Z"), "before 2000"},
            {
                "just-before-2000-millis",
                Long.toString(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli() - 1),
                "before 2000"
            },
            {"2999", str("2999-01-01T00:00:00Z"), "more than a day ahead"},
            {"2999-offset", str("2999-06-01T12:00:00+05:00"), "more than a day ahead"},
            {"25h-ahead", str(now.plus(Duration.ofHours(25)).toString()), "more than a day ahead"},
            {
                "2-days-ahead-millis",
                Long.toString(now.plus(Duration.ofDays(2)).toEpochMilli()),
                "more than a day ahead"
            },
            {"max-long-millis", Long.toString(Long.MAX_VALUE), "more than a day ahead"},
            {"min-long-millis", Long.toString(Long.MIN_VALUE), "before 2000"},
            {"seconds-not-millis-1970", Long.toString(now.getEpochSecond()), "before 2000"},
            {"not-a-date", str("yesterday"), "is not an ISO-8601 date-time"},
            {"date-only", str("2026-11-22"), "is not an ISO-8601 date-time"},
            {"no-zone", str("2026-11-22T10:15:30"), "is not an ISO-8601 date-time"},
            {"empty", str(""), "is not an ISO-8601 date-time"},
            {"rfc-1123", str("Sun, 22 Nov 2026 10:15:30 GMT"), "is not an ISO-8601 date-time"},
            {"month-13", str("2026-13-01T00:00:00Z"), "is not an ISO-8601 date-time"},
            {"beyond-long-millis", "99999999999999999999", "invalid JSON"},
        };
        String[] c = cases[random.nextInt(cases.length)];
        body.put("timestamp", c[1]);
        return poison("timestamp/" + c[0], input, body.bytes(), Pattern.quote(c[2]));
    }

    private Poison tombstoneOrEmpty(Input input) {
        byte[] value = random.nextInt(3) == 0 ? new byte[0] : null;
        return poison(
                value == null ? "tombstone" : "empty-value",
                input,
                value,
                Pattern.quote("empty record value"));
    }

    private Poison trailingGarbage(Input input) {
        String whole = wellFormed(input).text();
        String[][] tails = {
            {"{}", "trailing content"},
            {" {\"eventId\":\"again\"}", "trailing content"},
            {" 42", "trailing content"},
            {"\n[]", "trailing content"},
            {"\"x\"", "trailing content"},
            {"null", "trailing content"},
            {"x", "invalid JSON"},
            {"garbage", "invalid JSON"},
            {"]", "invalid JSON"},
            {"}", "invalid JSON"},
            {",", "invalid JSON"},
            {"\u0000", "invalid JSON"},
        };
        String[] tail = tails[random.nextInt(tails.length)];
        return poison("trailing-garbage", input, bytes(whole + tail[0]), Pattern.quote(tail[1]));
    }

    private Poison syntaxError(Input input) {
        String whole = wellFormed(input).text();
        String value =
                switch (random.nextInt(7)) {
                    case 0 -> whole.replace('"', '\'');
                    case 1 -> whole.substring(0, whole.length() - 1) + ",}";
                    case 2 -> whole.substring(0, whole.length() - 1) + ",\"n\":NaN}";
                    case 3 -> whole.substring(0, whole.length() - 1) + " /* comment */}";
                    case 4 -> whole.replaceFirst("\"mailbox\"", "mailbox");
                    case 5 ->
                            whole.replaceFirst("\"mailbox\":\"", "\"mailbox\":\"raw\u0001control");
                    default -> whole.substring(0, whole.length() - 1) + ",\"u\":\"\\u12\"}";
                };
        return poison("json-syntax", input, bytes(value), "invalid JSON");
    }

    private Poison invalidUtf8(Input input) {
        byte[] whole = wellFormed(input).bytes();
        // Put a lone continuation byte or a truncated sequence inside the mailbox string.
        String text = new String(whole, StandardCharsets.UTF_8);
        int at = text.indexOf("\"mailbox\":\"") + "\"mailbox\":\"".length();
        byte[] prefix = bytes(text.substring(0, at));
        byte[] suffix = bytes(text.substring(at));
        byte[] broken =
                pick(
                        new byte[][] {
                            {(byte) 0x80},
                            {(byte) 0xC3},
                            {(byte) 0xE4, (byte) 0xB8},
                            {(byte) 0xFF},
                            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}
                        });
        byte[] value = new byte[prefix.length + broken.length + suffix.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        System.arraycopy(broken, 0, value, prefix.length, broken.length);
        System.arraycopy(suffix, 0, value, prefix.length + broken.length, suffix.length);
        return poison("invalid-utf8", input, value, "invalid JSON");
    }

    private Poison badBounceType() {
        Json body =
                wellFormed(Input.BOUNCES)
                        .put(
                                "type",
                                str(
                                        pick(
                                                new String[] {
                                                    "MEDIUM",
                                                    "PERMANENT",
                                                    "5.1.1",
                                                    "HARDER",
                                                    "blocked"
                                                })));
        return poison("bounce-type", Input.BOUNCES, body.bytes(), "is not HARD or SOFT");
    }

    private Poison badSmtpCode() {
        String code = pick(new String[] {"0", "99", "600", "55000", "-550", "199"});
        Json body = wellFormed(Input.BOUNCES).put("smtpCode", code);
        return poison(
                "smtp-code-out-of-range", Input.BOUNCES, body.bytes(), "is not an SMTP reply code");
    }

    /**
     * A field the classification reads, not a string or far longer than any server's reply: the
     * bounce cannot be classified, and a bounce counted by its type alone would be counted as what
     * it may not be.
     */
    private Poison badClassificationField() {
        Json body = wellFormed(Input.BOUNCES);
        if (random.nextInt(3) == 0) {
            body.put("diagnostic", str("d".repeat(hugeChars)));
            return poison(
                    "bounce-huge-diagnostic",
                    Input.BOUNCES,
                    body.bytes(),
                    "exceeds the maximum allowed|is longer than");
        }
        String field = pick(new String[] {"diagnostic", "category", "provider", "remoteMta"});
        body.put(field, pick(new String[] {"5", "{}", "[\"x\"]", "true"}));
        return poison(
                "bounce-classification-field",
                Input.BOUNCES,
                body.bytes(),
                Pattern.quote("field '" + field + "' must be a string"));
    }

    private Poison unknownAction() {
        Json body = wellFormed(Input.COMMANDS);
        if (random.nextInt(4) == 0) {
            body.put("action", random.nextBoolean() ? str("") : str("  "));
            return poison(
                    "command/empty-action",
                    Input.COMMANDS,
                    body.bytes(),
                    Pattern.quote("required field 'action' is empty"));
        }
        if (random.nextInt(4) == 0) {
            body.remove("action");
            return poison(
                    "command/missing-action",
                    Input.COMMANDS,
                    body.bytes(),
                    Pattern.quote("missing required field 'action'"));
        }
        body.put(
                "action",
                str(
                        pick(
                                new String[] {
                                    "EXPLODE",
                                    "PAUSE_ALL",
                                    "restart",
                                    "DELETE",
                                    "P A U S E",
                                    "pause!",
                                    "\u0420\u0415\u0417\u042e\u041c\u0415"
                                })));
        return poison("command/unknown-action", Input.COMMANDS, body.bytes(), "unknown action '");
    }

    private Poison domainResetOrRemove() {
        String action = random.nextBoolean() ? "RESET" : "REMOVE";
        Json body =
                new Json()
                        .put("commandId", str("op-" + nextId(Input.COMMANDS)))
                        .put("domain", str(pick(domains)))
                        .put("action", str(presentAction(action)));
        return poison(
                "command/domain-" + action.toLowerCase(Locale.ROOT),
                Input.COMMANDS,
                body.bytes(),
                Pattern.quote("action " + action + " applies to mailboxes only"));
    }

    private Poison bothMailboxAndDomain() {
        Json body = wellFormed(Input.COMMANDS).put("domain", str(pick(domains)));
        return poison(
                "command/mailbox-and-domain",
                Input.COMMANDS,
                body.bytes(),
                Pattern.quote(
                        "a command names one of a mailbox, a domain or a recipient, not several"));
    }

    private Poison badDomain() {
        String[][] cases = {
            {"space", "bad domain", "white space"},
            {"at", "alice@acme.io", "a domain has no @"},
            {"empty", "", "domain has no domain"},
            {"blank", "   ", "domain has no domain"},
            {"control", "acme\u0007.io", "control character"},
            {"too-long", "d".repeat(256), "domain is longer than 255"},
        };
        String[] c = cases[random.nextInt(cases.length)];
        Json body =
                new Json()
                        .put("commandId", str("op-" + nextId(Input.COMMANDS)))
                        .put("domain", str(c[1]))
                        .put("action", str("PAUSE"));
        return poison(
                "command/bad-domain-" + c[0], Input.COMMANDS, body.bytes(), Pattern.quote(c[2]));
    }

    // ------------------------------------------------------------------ helpers

    private byte[] randomBytesOf(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private <T> T pick(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A JSON string literal: non-ASCII written raw, control characters and lone surrogates escaped.
     */
    static String str(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20
                            || c == 0x7f
                            || (c >= 0x80 && c <= 0x9f)
                            || c == '\u2028'
                            || c == '\u2029'
                            || Character.isSurrogate(c)) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String preview(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        String text =
                new String(bytes, 0, Math.min(bytes.length, 160), StandardCharsets.UTF_8)
                        .replaceAll("[\\p{Cntrl}]", "\u00b7");
        return "'" + text + (bytes.length > 160 ? "...' (" + bytes.length + " bytes)" : "'");
    }

    /** A JSON object built from raw JSON values, in insertion order. */
    static final class Json {
        private final LinkedHashMap<String, String> fields = new LinkedHashMap<>();

        Json put(String name, String rawValue) {
            fields.remove(name);
            fields.put(name, rawValue);
            return this;
        }

        Json remove(String name) {
            fields.remove(name);
            return this;
        }

        void shuffle(Random random) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(fields.entrySet());
            java.util.Collections.shuffle(entries, random);
            fields.clear();
            entries.forEach(e -> fields.put(e.getKey(), e.getValue()));
        }

        String text() {
            StringBuilder b = new StringBuilder("{");
            fields.forEach(
                    (k, v) -> {
                        if (b.length() > 1) {
                            b.append(',');
                        }
                        b.append(str(k)).append(':').append(v);
                    });
            return b.append('}').toString();
        }

        byte[] bytes() {
            return PoisonGenerator.bytes(text());
        }
    }
}
