package io.bouncewatch.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible fleet's traffic: every event picks a mailbox at random; healthy mailboxes
 * bounce now and then (some soft) and rarely draw a complaint, while a small share of mailboxes,
 * concentrated in a few domains as bad lists usually are, bounce often. The same seed gives the
 * same records byte for byte, so every subject of a run reads the same data.
 */
final class Workload {

    enum Kind {
        SEND,
        BOUNCE,
        COMPLAINT
    }

    /** One input record: its kind (which topic), key, JSON value and event id. */
    record Event(Kind kind, String mailbox, byte[] json, String eventId) {}

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String[] DIAGNOSTICS = {
        "user unknown", "mailbox not found", "domain not found"
    };

    private final int mailboxes;
    private final int domains;
    private final TrafficMix mix;
    private final SplittableRandom random;
    private final String prefix;
    private final boolean[] bad;
    private long sequence;

    /**
     * @param prefix distinguishes the event ids of separate workloads written to the same topics
     */
    Workload(int mailboxes, int domains, TrafficMix mix, long seed, String prefix) {
        if (mailboxes < 1 || domains < 1 || domains > mailboxes) {
            throw new IllegalArgumentException("need 1 <= domains <= mailboxes");
        }
        this.mailboxes = mailboxes;
        this.domains = domains;
        this.mix = mix;
        this.random = new SplittableRandom(seed);
        this.prefix = prefix;
        this.bad =
                chooseBad(
                        mailboxes,
                        domains,
                        mix.badMailboxes(),
                        new SplittableRandom(seed ^ 0x5DEECE66DL));
    }

    /**
     * Half the bad mailboxes fill a few domains to 60% (enough to pause them), as a bad list or a
     * broken setup hits a whole domain; the rest are scattered over the fleet.
     */
    private static boolean[] chooseBad(
            int mailboxes, int domains, double share, SplittableRandom random) {
        boolean[] bad = new boolean[mailboxes];
        long wanted = Math.round(mailboxes * share);
        long chosen = 0;
        int perDomain = Math.max(1, mailboxes / domains);
        int badDomains =
                (int) Math.min(domains, Math.max(1, Math.round(wanted / 2.0 / (0.6 * perDomain))));
        for (int d = 0; d < badDomains && chosen < wanted / 2; d++) {
            int domain = (int) ((long) d * domains / badDomains);
            for (int m = domain; m < mailboxes && chosen < wanted / 2; m += domains) {
                if (random.nextInt(10) < 6) {
                    bad[m] = true;
                    chosen++;
                }
            }
        }
        while (chosen < wanted) {
            int m = random.nextInt(mailboxes);
            if (!bad[m]) {
                bad[m] = true;
                chosen++;
            }
        }
        return bad;
    }

    private static int domainIndex(int mailbox, int domains) {
        return mailbox % domains;
    }

    static String mailbox(int index, int domains) {
        return "sender" + index + "@" + domain(domainIndex(index, domains));
    }

    static String domain(int index) {
        return "outreach" + index + ".example";
    }

    int badMailboxes() {
        int n = 0;
        for (boolean b : bad) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Share of bad mailboxes in the domain that has the most of them. */
    double badShareOfWorstDomain() {
        int[] bad = new int[domains];
        int[] all = new int[domains];
        for (int m = 0; m < mailboxes; m++) {
            all[domainIndex(m, domains)]++;
            bad[domainIndex(m, domains)] += this.bad[m] ? 1 : 0;
        }
        double worst = 0;
        for (int d = 0; d < domains; d++) {
            worst = Math.max(worst, bad[d] / (double) all[d]);
        }
        return worst;
    }

    Event next() {
        long n = sequence++;
        int m = random.nextInt(mailboxes);
        String mailbox = mailbox(m, domains);
        String timestamp = Instant.ofEpochMilli(START + n * 7).toString();
        String recipient =
                "lead"
                        + random.nextInt(1_000_000)
                        + "@prospect"
                        + random.nextInt(5_000)
                        + ".example";
        double roll = random.nextDouble();
        double bounceRate = bad[m] ? mix.badBounceRate() : mix.bounceRate();
        if (roll < bounceRate) {
            String id = prefix + "b-" + n;
            boolean soft = random.nextDouble() < mix.softShare();
            String json =
                    "{\"eventId\":\""
                            + id
                            + "\",\"mailbox\":\""
                            + mailbox
                            + "\",\"recipient\":\""
                            + recipient
                            + "\",\"timestamp\":\""
                            + timestamp
                            + "\",\"type\":\""
                            + (soft ? "SOFT" : "HARD")
                            + "\",\"smtpCode\":"
                            + (soft ? 452 : 550)
                            + ",\"enhancedStatus\":\""
                            + (soft ? "4.2.2" : "5.1.1")
                            + "\",\"diagnostic\":\""
                            + (soft ? "mailbox full" : DIAGNOSTICS[m % DIAGNOSTICS.length])
                            + "\"}";
            return new Event(Kind.BOUNCE, mailbox, json.getBytes(StandardCharsets.UTF_8), id);
        }
        if (roll < bounceRate + mix.complaintRate() * (bad[m] ? 4 : 1)) {
            String id = prefix + "c-" + n;
            String json =
                    "{\"eventId\":\""
                            + id
                            + "\",\"mailbox\":\""
                            + mailbox
                            + "\",\"recipient\":\""
                            + recipient
                            + "\",\"timestamp\":\""
                            + timestamp
                            + "\",\"feedbackType\":\"abuse\"}";
            return new Event(Kind.COMPLAINT, mailbox, json.getBytes(StandardCharsets.UTF_8), id);
        }
        String id = prefix + "s-" + n;
        String json =
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"timestamp\":\""
                        + timestamp
                        + "\",\"campaignId\":\"campaign-"
                        + (m % 97)
                        + "\"}";
        return new Event(Kind.SEND, mailbox, json.getBytes(StandardCharsets.UTF_8), id);
    }
}
