package io.bouncewatch.fuzz;

import io.bouncewatch.fuzz.PoisonGenerator.Poison;
import io.bouncewatch.fuzz.PoisonGenerator.Totals;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Compares what the monitor did with generated records against what each record says it deserves,
 * and collects every difference as one readable line (input, expected, actual).
 */
final class PoisonCheck {

    static final String REASON = "bouncewatch.error.reason";
    static final String TOPIC = "bouncewatch.error.topic";
    static final String PARTITION = "bouncewatch.error.partition";
    static final String OFFSET = "bouncewatch.error.offset";

    /** Where a record landed: topic, partition, offset. */
    record Where(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** A dead letter as read back. */
    record DeadLetter(byte[] key, byte[] value, Headers headers) {
        String header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (Header h : headers.headers(name)) {
                out.add(h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    private final long seed;
    private final List<String> problems = new ArrayList<>();

    PoisonCheck(long seed) {
        this.seed = seed;
    }

    List<String> problems() {
        return problems;
    }

    /**
     * Every bad record has exactly one dead letter, with its original key and value and the four
     * headers; no valid record has one; no dead letter is unaccounted for.
     */
    void deadLetters(Map<Where, Poison> sent, List<DeadLetter> letters) {
        Map<Where, List<DeadLetter>> byOrigin = new HashMap<>();
        for (DeadLetter d : letters) {
            String topic = d.header(TOPIC);
            String partition = d.header(PARTITION);
            String offset = d.header(OFFSET);
            Where where;
            try {
                where = new Where(topic, Integer.parseInt(partition), Long.parseLong(offset));
            } catch (RuntimeException e) {
                problems.add(
                        "dead letter without a readable origin: topic="
                                + topic
                                + " partition="
                                + partition
                                + " offset="
                                + offset
                                + " reason="
                                + d.header(REASON)
                                + " value="
                                + PoisonGenerator.preview(d.value()));
                continue;
            }
            byOrigin.computeIfAbsent(where, w -> new ArrayList<>()).add(d);
        }
        for (Map.Entry<Where, Poison> e : sent.entrySet()) {
            Poison p = e.getValue();
            List<DeadLetter> found = byOrigin.remove(e.getKey());
            if (p.valid()) {
                if (found != null) {
                    problems.add(
                            "VALID record dead-lettered: "
                                    + p.describe()
                                    + " at "
                                    + e.getKey()
                                    + "; expected: counted; actual reason: "
                                    + found.get(0).header(REASON));
                }
                continue;
            }
            if (found == null) {
                problems.add(
                        "BAD record not dead-lettered: "
                                + p.describe()
                                + " at "
                                + e.getKey()
                                + "; expected: a dead letter; actual: none");
                continue;
            }
            if (found.size() > 1) {
                problems.add(
                        found.size()
                                + " dead letters for one record: "
                                + p.describe()
                                + " at "
                                + e.getKey());
            }
            DeadLetter d = found.get(0);
            if (!Arrays.equals(d.key(), p.key())) {
                problems.add(
                        "dead letter key changed: "
                                + p.describe()
                                + "; expected key "
                                + PoisonGenerator.preview(p.key())
                                + ", actual "
                                + PoisonGenerator.preview(d.key()));
            }
            if (!Arrays.equals(d.value(), p.value())) {
                problems.add(
                        "dead letter value changed: "
                                + p.describe()
                                + "; actual value "
                                + PoisonGenerator.preview(d.value()));
            }
            List<String> reasons = d.headers(REASON);
            String reason = reasons.isEmpty() ? null : reasons.get(0);
            if (reasons.size() != 1 || reason == null || reason.isBlank()) {
                problems.add(
                        "dead letter needs exactly one non-empty reason header: "
                                + p.describe()
                                + "; actual "
                                + reasons);
            } else if (!p.reason().matcher(reason).find()) {
                problems.add(
                        "dead letter reason does not name the problem: "
                                + p.describe()
                                + "; expected ~ /"
                                + p.reason()
                                + "/, actual '"
                                + reason
                                + "'");
            }
            for (String header : List.of(TOPIC, PARTITION, OFFSET)) {
                if (d.headers(header).size() != 1) {
                    problems.add(
                            "dead letter needs exactly one "
                                    + header
                                    + " header: "
                                    + p.describe()
                                    + "; actual "
                                    + d.headers(header));
                }
            }
        }
        byOrigin.forEach(
                (where, extra) ->
                        problems.add(
                                extra.size()
                                        + " dead letter(s) for no record sent: "
                                        + where
                                        + " reason="
                                        + extra.get(0).header(REASON)));
    }

    /**
     * The totals of every mailbox equal what the valid records add up to, and no other mailbox
     * exists.
     */
    void totals(String what, Map<String, Totals> expected, Map<String, Totals> actual) {
        for (String mailbox : new TreeSet<>(union(expected, actual))) {
            Totals want = expected.get(mailbox);
            Totals got = actual.get(mailbox);
            if (want == null) {
                problems.add(
                        what + ": unexpected mailbox '" + escape(mailbox) + "' with totals " + got);
            } else if (got == null) {
                problems.add(
                        what
                                + ": mailbox '"
                                + escape(mailbox)
                                + "' missing; expected totals (sends/bounces/"
                                + "complaints) "
                                + want);
            } else if (!want.equals(got)) {
                problems.add(
                        what
                                + ": mailbox '"
                                + escape(mailbox)
                                + "' totals (sends/bounces/complaints) expected "
                                + want
                                + ", actual "
                                + got);
            }
        }
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> out = new java.util.HashSet<>(a.keySet());
        out.addAll(b.keySet());
        return out;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .forEach(
                        cp -> {
                            if (cp < 0x20
                                    || (cp >= 0x7f && cp <= 0xa0)
                                    || Character.isWhitespace(cp)
                                    || Character.isSpaceChar(cp)
                                    || Character.getType(cp) == Character.SURROGATE) {
                                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        return b.toString();
    }

    /** A failure message: the seed to reproduce, the first problems, how many in all. */
    String report(String summary) {
        StringBuilder b = new StringBuilder();
        b.append(problems.size())
                .append(" problem(s) with seed ")
                .append(seed)
                .append(" (rerun with -Dpoison.seed=")
                .append(seed)
                .append("); ")
                .append(summary)
                .append('\n');
        problems.stream().limit(40).forEach(p -> b.append("  - ").append(p).append('\n'));
        if (problems.size() > 40) {
            b.append("  ... and ").append(problems.size() - 40).append(" more\n");
        }
        return b.toString();
    }
}
