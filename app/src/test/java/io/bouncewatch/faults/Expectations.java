package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.runtime.KafkaTestClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the outputs must show after a workload, however the monitor was crashed, restarted or
 * rebalanced on the way: exact totals per mailbox (no event lost, none counted twice) and status
 * changes that form one clean chain per mailbox and domain (no transition repeated).
 */
public final class Expectations {

    public static final String MAILBOX_STATUS = "mailbox.status";
    public static final String DOMAIN_STATUS = "domain.status";
    public static final String STATUS_CHANGES = "health.status-changes";
    public static final String DEAD_LETTERS = "health.dead-letters";

    private static final int SAMPLES = 10;

    private final Map<String, Workload.Totals> expected;

    public Expectations(Map<String, Workload.Totals> expected) {
        this.expected = Map.copyOf(expected);
    }

    /** A comparison of {@code mailbox.status} with the expected totals. */
    public record Comparison(
            int exact,
            List<String> missing,
            Map<String, String> under,
            Map<String, String> over,
            List<String> unexpected,
            long lostSends,
            long lostBounces,
            long extraSends,
            long extraBounces) {

        public boolean caughtUp() {
            return missing.isEmpty() && under.isEmpty();
        }

        public boolean exactlyOnce() {
            return caughtUp() && over.isEmpty() && unexpected.isEmpty();
        }

        @Override
        public String toString() {
            return exact
                    + " mailboxes exact; "
                    + missing.size()
                    + " missing "
                    + sample(missing)
                    + "; "
                    + under.size()
                    + " under-counted ("
                    + lostSends
                    + " sends, "
                    + lostBounces
                    + " bounces short) "
                    + sample(under)
                    + "; "
                    + over.size()
                    + " over-counted ("
                    + extraSends
                    + " sends, "
                    + extraBounces
                    + " bounces counted twice) "
                    + sample(over)
                    + "; "
                    + unexpected.size()
                    + " not in the workload "
                    + sample(unexpected);
        }
    }

    /** Compares the latest {@code mailbox.status} values with the expected totals. */
    public Comparison compare(Map<String, JsonNode> latest) {
        int exact = 0;
        List<String> missing = new ArrayList<>();
        Map<String, String> under = new TreeMap<>();
        Map<String, String> over = new TreeMap<>();
        long lostSends = 0;
        long lostBounces = 0;
        long extraSends = 0;
        long extraBounces = 0;
        for (Map.Entry<String, Workload.Totals> e : new TreeMap<>(expected).entrySet()) {
            JsonNode state = latest.get(e.getKey());
            if (state == null) {
                missing.add(e.getKey());
                lostSends += e.getValue().sends();
                lostBounces += e.getValue().bounces();
                continue;
            }
            long sends = state.path("totalSends").asLong(-1);
            long bounces = state.path("totalBounces").asLong(-1);
            long wantSends = e.getValue().sends();
            long wantBounces = e.getValue().bounces();
            if (sends == wantSends && bounces == wantBounces) {
                exact++;
                continue;
            }
            String diff = "expected " + e.getValue() + ", shows " + sends + " / " + bounces;
            if (sends > wantSends || bounces > wantBounces) {
                over.put(e.getKey(), diff);
            } else {
                under.put(e.getKey(), diff);
            }
            lostSends += Math.max(0, wantSends - sends);
            lostBounces += Math.max(0, wantBounces - bounces);
            extraSends += Math.max(0, sends - wantSends);
            extraBounces += Math.max(0, bounces - wantBounces);
        }
        List<String> unexpected =
                latest.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().toList();
        return new Comparison(
                exact,
                missing,
                under,
                over,
                unexpected,
                lostSends,
                lostBounces,
                extraSends,
                extraBounces);
    }

    /**
     * Every mailbox of the workload shows at least its expected totals (what an await waits for).
     */
    public void assertCaughtUp(Map<String, JsonNode> latest) {
        Comparison c = compare(latest);
        assertThat(c.caughtUp()).as("every mailbox shows all its events: %s", c).isTrue();
    }

    /** Every mailbox shows exactly its expected totals, and no other mailbox exists. */
    public void assertExactTotals(Map<String, JsonNode> latest) {
        Comparison c = compare(latest);
        assertThat(c.exactlyOnce()).as("every event counted exactly once: %s", c).isTrue();
    }

    /** What {@link #awaitExactlyOnceOutputs} saw. */
    public record Outcome(
            Comparison comparison,
            int statusChanges,
            Map<String, Integer> transitions,
            long caughtUpAfterMs) {
        @Override
        public String toString() {
            return "every event in mailbox.status after "
                    + caughtUpAfterMs
                    + " ms; "
                    + comparison
                    + "; "
                    + statusChanges
                    + " status changes, all in clean chains: "
                    + transitions;
        }
    }

    /**
     * The checks at the end of a fault test, on the default output topics: waits until
     * mailbox.status shows every event, then asserts exact totals, clean change chains, statuses
     * that end where their chains end, and, once the domain aggregation caught up, domain counts
     * and statuses that agree with the mailboxes and domain blocks that reached every mailbox; and
     * no dead letter.
     */
    public Outcome awaitExactlyOnceOutputs(KafkaTestClients kafka, Duration patience) {
        long start = System.nanoTime();
        await(
                        "mailbox.status shows every event of the workload for all "
                                + expected.size()
                                + " mailboxes")
                .atMost(patience)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertCaughtUp(kafka.latest(MAILBOX_STATUS)));
        long caughtUpMs = (System.nanoTime() - start) / 1_000_000;
        Map<String, JsonNode> latest = kafka.latest(MAILBOX_STATUS);
        List<ConsumerRecord<String, String>> changes = kafka.readAll(STATUS_CHANGES);
        Outcome outcome =
                new Outcome(compare(latest), changes.size(), transitionCounts(changes), caughtUpMs);
        assertExactTotals(latest);
        assertCleanChains(changes);
        assertFinalStatusesMatchLastChange(latest, changes);
        await(
                        "domain.status agrees with mailbox.status and ends where each domain's change chain ends")
                .atMost(patience)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            Map<String, JsonNode> domains = kafka.latest(DOMAIN_STATUS);
                            assertDomainStatusesMatchLastChange(
                                    domains, kafka.readAll(STATUS_CHANGES));
                            assertDomainsAgreeWithMailboxes(kafka.latest(MAILBOX_STATUS), domains);
                        });
        assertThat(kafka.readAll(DEAD_LETTERS)).as("dead letters").isEmpty();
        return outcome;
    }

    /** Parsed status changes of one key, in the order they were written. */
    public record Chain(String key, List<JsonNode> changes, Set<Integer> partitions) {}

    /** Groups status-change records by key, in partition-offset order. */
    public static Map<String, Chain> chains(List<ConsumerRecord<String, String>> changes) {
        Map<String, List<ConsumerRecord<String, String>>> byKey = new TreeMap<>();
        for (ConsumerRecord<String, String> r : changes) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Chain> out = new LinkedHashMap<>();
        byKey.forEach(
                (key, records) -> {
                    records.sort(
                            Comparator.<ConsumerRecord<String, String>>comparingInt(
                                            ConsumerRecord::partition)
                                    .thenComparingLong(ConsumerRecord::offset));
                    Set<Integer> partitions = new HashSet<>();
                    List<JsonNode> values = new ArrayList<>();
                    for (ConsumerRecord<String, String> r : records) {
                        partitions.add(r.partition());
                        values.add(KafkaTestClients.json(r.value()));
                    }
                    out.put(key, new Chain(key, values, partitions));
                });
        return out;
    }

    /**
     * Each key's status changes form one chain: the first leaves HEALTHY, each starts where the
     * previous ended, none stays in place, and no transition repeats (same from, to and cause as
     * the one before it, or the same from, to and cause event id anywhere in the key's history).
     */
    public static void assertCleanChains(List<ConsumerRecord<String, String>> changes) {
        List<String> violations = chainViolations(changes);
        assertThat(violations.size())
                .as(
                        "status-change chain violations among %d records, e.g. %s",
                        changes.size(), sample(violations))
                .isZero();
    }

    public static List<String> chainViolations(List<ConsumerRecord<String, String>> changes) {
        List<String> violations = new ArrayList<>();
        for (Chain chain : chains(changes).values()) {
            String key = chain.key();
            if (chain.partitions().size() > 1) {
                violations.add(key + ": changes spread over partitions " + chain.partitions());
            }
            Set<String> seenCauses = new HashSet<>();
            JsonNode previous = null;
            for (int i = 0; i < chain.changes().size(); i++) {
                JsonNode c = chain.changes().get(i);
                String from = c.path("from").asText();
                String to = c.path("to").asText();
                String cause =
                        c.path("causeEventId").isTextual() ? c.path("causeEventId").asText() : null;
                String where = key + " change #" + (i + 1) + " " + describe(c);
                if (!key.equals(c.path("id").asText())) {
                    violations.add(where + ": id differs from the key");
                }
                if (from.equals(to)) {
                    violations.add(where + ": not a change");
                }
                boolean repeat = false;
                if (previous == null) {
                    if (!"HEALTHY".equals(from)) {
                        violations.add(where + ": first change does not leave HEALTHY");
                    }
                } else {
                    String prevFrom = previous.path("from").asText();
                    String prevTo = previous.path("to").asText();
                    String prevCause =
                            previous.path("causeEventId").isTextual()
                                    ? previous.path("causeEventId").asText()
                                    : null;
                    if (prevFrom.equals(from)
                            && prevTo.equals(to)
                            && Objects.equals(prevCause, cause)) {
                        violations.add(where + ": DUPLICATE of the change before it");
                        repeat = true;
                    } else if (!from.equals(prevTo)) {
                        violations.add(
                                where + ": BROKEN chain, previous change ended in " + prevTo);
                    }
                }
                if (cause != null && !seenCauses.add(from + ">" + to + ">" + cause) && !repeat) {
                    violations.add(
                            where
                                    + ": DUPLICATE transition for the same cause event earlier in the chain");
                }
                previous = c;
            }
        }
        return violations;
    }

    /**
     * Each mailbox's latest status is the {@code to} of its last status change, or HEALTHY without
     * one.
     */
    public static void assertFinalStatusesMatchLastChange(
            Map<String, JsonNode> latestMailboxes, List<ConsumerRecord<String, String>> changes) {
        Map<String, Chain> chains = chains(changes);
        Map<String, String> mismatches = new TreeMap<>();
        latestMailboxes.forEach(
                (mailbox, health) -> {
                    Chain chain = chains.get(mailbox);
                    String want =
                            chain == null
                                    ? "HEALTHY"
                                    : chain.changes()
                                            .get(chain.changes().size() - 1)
                                            .path("to")
                                            .asText();
                    String shown = health.path("status").asText();
                    if (!want.equals(shown)) {
                        mismatches.put(
                                mailbox,
                                "mailbox.status says " + shown + ", last change says " + want);
                    }
                });
        assertThat(mismatches.size())
                .as(
                        "keys whose status is not the end of their change chain, e.g. %s",
                        sample(mismatches))
                .isZero();
    }

    /** Same for domains: {@code domain.status} against the domain changes. */
    public static void assertDomainStatusesMatchLastChange(
            Map<String, JsonNode> latestDomains, List<ConsumerRecord<String, String>> changes) {
        assertFinalStatusesMatchLastChange(latestDomains, changes);
    }

    /**
     * Each domain of domain.status counts exactly the mailboxes of mailbox.status that belong to it
     * and those of them that are unhealthy, has the status its ratio calls for (default ratios 30%
     * and 50%, no operator pause), and every mailbox of a PAUSED domain is blocked by it (and no
     * other).
     */
    public static void assertDomainsAgreeWithMailboxes(
            Map<String, JsonNode> mailboxes, Map<String, JsonNode> domains) {
        Map<String, long[]> counted = new TreeMap<>();
        mailboxes.forEach(
                (mailbox, health) -> {
                    long[] c =
                            counted.computeIfAbsent(
                                    mailbox.substring(mailbox.lastIndexOf('@') + 1),
                                    d -> new long[2]);
                    c[0]++;
                    if (!"HEALTHY".equals(health.path("status").asText())) {
                        c[1]++;
                    }
                });
        Map<String, String> wrong = new TreeMap<>();
        counted.forEach(
                (domain, c) -> {
                    JsonNode health = domains.get(domain);
                    if (health == null) {
                        wrong.put(domain, "missing from domain.status");
                        return;
                    }
                    long total = health.path("totalMailboxes").asLong(-1);
                    long unhealthy = health.path("unhealthyMailboxes").asLong(-1);
                    String status = health.path("status").asText();
                    String want =
                            c[1] * 10 >= c[0] * 5
                                    ? "PAUSED"
                                    : c[1] * 10 >= c[0] * 3 ? "WARNING" : "HEALTHY";
                    if (total != c[0] || unhealthy != c[1] || !status.equals(want)) {
                        wrong.put(
                                domain,
                                "domain.status says "
                                        + unhealthy
                                        + " of "
                                        + total
                                        + " unhealthy, "
                                        + status
                                        + "; mailbox.status says "
                                        + c[1]
                                        + " of "
                                        + c[0]
                                        + ", so "
                                        + want);
                    }
                });
        domains.keySet().stream()
                .filter(d -> !counted.containsKey(d))
                .forEach(d -> wrong.put(d, "in domain.status without any mailbox"));
        mailboxes.forEach(
                (mailbox, health) -> {
                    JsonNode domain = domains.get(mailbox.substring(mailbox.lastIndexOf('@') + 1));
                    boolean domainPaused =
                            domain != null && "PAUSED".equals(domain.path("status").asText());
                    String want =
                            domainPaused
                                    ? "DOMAIN"
                                    : "PAUSED".equals(health.path("status").asText())
                                            ? "MAILBOX"
                                            : "null";
                    String blockedBy =
                            health.path("blockedBy").isTextual()
                                    ? health.path("blockedBy").asText()
                                    : "null";
                    boolean sendingAllowed = health.path("sendingAllowed").asBoolean();
                    if (!want.equals(blockedBy) || sendingAllowed != "null".equals(want)) {
                        wrong.put(
                                mailbox,
                                "blockedBy "
                                        + blockedBy
                                        + ", sendingAllowed "
                                        + sendingAllowed
                                        + "; expected "
                                        + "blockedBy "
                                        + want
                                        + " (mailbox "
                                        + health.path("status").asText()
                                        + ", domain "
                                        + (domain == null
                                                ? "unknown"
                                                : domain.path("status").asText())
                                        + ")");
                    }
                });
        assertThat(wrong.size())
                .as("domains and mailboxes that disagree, e.g. %s", sample(wrong))
                .isZero();
    }

    /** Counts of transitions by {@code entity from->to reason}, for the log. */
    public static Map<String, Integer> transitionCounts(
            List<ConsumerRecord<String, String>> changes) {
        Map<String, Integer> out = new TreeMap<>();
        for (ConsumerRecord<String, String> r : changes) {
            JsonNode c = KafkaTestClients.json(r.value());
            out.merge(
                    c.path("entity").asText()
                            + " "
                            + c.path("from").asText()
                            + "->"
                            + c.path("to").asText()
                            + " "
                            + c.path("reason").asText(),
                    1,
                    Integer::sum);
        }
        return out;
    }

    private static String describe(JsonNode c) {
        return c.path("from").asText()
                + "->"
                + c.path("to").asText()
                + " ("
                + c.path("reason").asText()
                + (c.path("causeEventId").isTextual()
                        ? ", cause " + c.path("causeEventId").asText()
                        : "")
                + ", at "
                + c.path("at").asText()
                + ")";
    }

    private static String sample(List<String> items) {
        return items.isEmpty() ? "" : items.subList(0, Math.min(SAMPLES, items.size())).toString();
    }

    private static String sample(Map<String, String> items) {
        if (items.isEmpty()) {
            return "";
        }
        Map<String, String> out = new LinkedHashMap<>();
        items.entrySet().stream().limit(SAMPLES).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out.toString();
    }
}
