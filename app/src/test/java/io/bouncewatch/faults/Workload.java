package io.bouncewatch.faults;

import io.bouncewatch.runtime.KafkaTestClients;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded, reproducible stream of sends and HARD bounces over many mailboxes and domains, with the
 * totals every mailbox must end up with. The same seed gives the same events, in the same order,
 * with the same event ids, so a failure can be replayed.
 *
 * <p>Volumes are skewed so that the rules see some variety: most mailboxes get a handful of events,
 * a few get over a hundred (their windows slide); bounce rates range from 1% to 35% (mailboxes
 * warn, pause and, after a slide, recover). Every twelfth domain is bad (most of its mailboxes
 * pause, so the domain warns, pauses and blocks its mailboxes) and every twelfth from the sixth is
 * grey (about a third of its mailboxes warn). Every mailbox gets at least one send. Events carry no
 * timestamp (the record's is used) and every event id is unique, so nothing is a duplicate.
 */
public final class Workload {

    /** Totals a mailbox must show once every event of the workload is counted. */
    public record Totals(long sends, long bounces) {
        Totals plus(Event e) {
            return e.bounce() ? new Totals(sends, bounces + 1) : new Totals(sends + 1, bounces);
        }

        @Override
        public String toString() {
            return sends + " sends / " + bounces + " bounces";
        }
    }

    /** One event as published: topic, key (the mailbox) and JSON value. */
    public record Event(String topic, String mailbox, String json, boolean bounce) {}

    private static final double[] BOUNCE_RATES = {0.01, 0.05, 0.15, 0.35};
    private static final double[] BOUNCE_RATE_SHARES = {0.65, 0.20, 0.10, 0.05};

    private final long seed;
    private final List<String> mailboxes;
    private final List<Event> events;
    private final int domains;

    private Workload(long seed, List<String> mailboxes, List<Event> events, int domains) {
        this.seed = seed;
        this.mailboxes = mailboxes;
        this.events = events;
        this.domains = domains;
    }

    /** A workload on the default input topics {@code email.sends} and {@code email.bounces}. */
    public static Workload generate(long seed, int mailboxCount, int domainCount, int eventCount) {
        return generate(
                seed, mailboxCount, domainCount, eventCount, "email.sends", "email.bounces");
    }

    public static Workload generate(
            long seed,
            int mailboxCount,
            int domainCount,
            int eventCount,
            String sendsTopic,
            String bouncesTopic) {
        if (mailboxCount < 1 || domainCount < 1 || eventCount < mailboxCount) {
            throw new IllegalArgumentException(
                    "need at least one mailbox, one domain and one event per mailbox");
        }
        Random random = new Random(seed);
        List<String> mailboxes = new ArrayList<>(mailboxCount);
        double[] weights = new double[mailboxCount];
        double[] bounceRates = new double[mailboxCount];
        for (int i = 0; i < mailboxCount; i++) {
            int domain = i % domainCount;
            mailboxes.add(
                    String.format(Locale.ROOT, "sender%04d@domain%02d.faults.test", i, domain));
            double volume = random.nextDouble();
            if (domain % 12 == 0) {
                // A bad domain: its mailboxes bounce a lot and send enough to warn and pause, so
                // the domain itself goes HEALTHY -> WARNING -> PAUSED and blocks its mailboxes.
                weights[i] = 5;
                bounceRates[i] = volume < 0.7 ? 0.35 : 0.05;
            } else if (domain % 12 == 6) {
                // A grey domain: about a third of its mailboxes bounce enough to warn.
                weights[i] = volume < 0.9 ? 5 : 40;
                bounceRates[i] = volume < 0.35 ? 0.25 : 0.01;
            } else {
                weights[i] = volume < 0.80 ? 1 : volume < 0.98 ? 5 : 40;
                bounceRates[i] = pick(random, BOUNCE_RATES, BOUNCE_RATE_SHARES);
            }
        }
        double[] cumulative = new double[mailboxCount];
        double sum = 0;
        for (int i = 0; i < mailboxCount; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }

        // Who gets each event: one send for everybody, the rest by volume; then one shuffled order.
        List<Integer> owners = new ArrayList<>(eventCount);
        List<Boolean> bounces = new ArrayList<>(eventCount);
        for (int i = 0; i < mailboxCount; i++) {
            owners.add(i);
            bounces.add(false);
        }
        for (int n = mailboxCount; n < eventCount; n++) {
            int owner = indexOf(cumulative, random.nextDouble() * sum);
            owners.add(owner);
            bounces.add(random.nextDouble() < bounceRates[owner]);
        }
        List<Integer> order = new ArrayList<>(eventCount);
        for (int n = 0; n < eventCount; n++) {
            order.add(n);
        }
        Collections.shuffle(order, random);

        List<Event> events = new ArrayList<>(eventCount);
        for (int position = 0; position < eventCount; position++) {
            int n = order.get(position);
            String mailbox = mailboxes.get(owners.get(n));
            boolean bounce = bounces.get(n);
            String id = (bounce ? "b-" : "s-") + seed + "-" + position;
            String json =
                    bounce
                            ? "{\"eventId\":\""
                                    + id
                                    + "\",\"mailbox\":\""
                                    + mailbox
                                    + "\",\"recipient\":\"r"
                                    + position
                                    + "@example.com\",\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\","
                                    + "\"diagnostic\":\"user unknown\"}"
                            : "{\"eventId\":\""
                                    + id
                                    + "\",\"mailbox\":\""
                                    + mailbox
                                    + "\",\"recipient\":\"r"
                                    + position
                                    + "@example.com\",\"campaignId\":\"c-"
                                    + (position % 7)
                                    + "\"}";
            events.add(new Event(bounce ? bouncesTopic : sendsTopic, mailbox, json, bounce));
        }
        return new Workload(seed, List.copyOf(mailboxes), List.copyOf(events), domainCount);
    }

    private static double pick(Random random, double[] values, double[] shares) {
        double r = random.nextDouble();
        double acc = 0;
        for (int i = 0; i < values.length; i++) {
            acc += shares[i];
            if (r < acc) {
                return values[i];
            }
        }
        return values[values.length - 1];
    }

    private static int indexOf(double[] cumulative, double point) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] <= point) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Publishes events {@code [from, to)} in workload order (not flushed). */
    public void publish(KafkaTestClients kafka, int from, int to) {
        if (from < 0 || to > events.size() || from > to) {
            throw new IndexOutOfBoundsException(
                    "events [" + from + ", " + to + ") of " + events.size());
        }
        for (int i = from; i < to; i++) {
            Event e = events.get(i);
            kafka.publish(e.topic(), e.mailbox(), e.json());
        }
    }

    /** Totals per mailbox once every event is counted (every mailbox is present). */
    public Map<String, Totals> expectedTotals() {
        return expectedTotals(events.size());
    }

    /** Totals per mailbox once the first {@code upTo} events are counted. */
    public Map<String, Totals> expectedTotals(int upTo) {
        Map<String, Totals> out = new LinkedHashMap<>();
        for (int i = 0; i < upTo; i++) {
            Event e = events.get(i);
            out.merge(
                    e.mailbox(),
                    new Totals(0, 0).plus(e),
                    (a, b) -> new Totals(a.sends() + b.sends(), a.bounces() + b.bounces()));
        }
        return out;
    }

    public int size() {
        return events.size();
    }

    public List<Event> events() {
        return events;
    }

    public List<String> mailboxes() {
        return mailboxes;
    }

    public long seed() {
        return seed;
    }

    /**
     * The end indexes of {@code parts} nearly equal batches, e.g. 5 parts of 30,000: 6,000, 12,000,
     * ...
     */
    public int[] batchEnds(int parts) {
        int[] ends = new int[parts];
        for (int p = 0; p < parts; p++) {
            ends[p] = (int) ((long) events.size() * (p + 1) / parts);
        }
        return ends;
    }

    @Override
    public String toString() {
        long bounceCount = events.stream().filter(Event::bounce).count();
        return "workload(seed "
                + seed
                + ": "
                + events.size()
                + " events ("
                + (events.size() - bounceCount)
                + " sends, "
                + bounceCount
                + " HARD bounces) over "
                + mailboxes.size()
                + " mailboxes in "
                + domains
                + " domains)";
    }
}
