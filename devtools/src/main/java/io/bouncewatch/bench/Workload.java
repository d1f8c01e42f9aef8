package io.bouncewatch.bench;

import io.bouncewatch.rules.Category;
import io.bouncewatch.traffic.BounceReplies;
import io.bouncewatch.traffic.BounceReply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded, reproducible fleet's traffic: every event picks a mailbox at random; healthy mailboxes
 * bounce now and then and rarely draw a complaint, while a small share of mailboxes, concentrated
 * in a few domains as bad lists usually are, bounce often. Each bounce is one of the realistic
 * {@link BounceReplies}, its category drawn by the {@link BounceMix}, to a recipient at a domain
 * that gives that reply. The same seed gives the same records byte for byte, so every subject of a
 * run reads the same data.
 */
final class Workload {

    enum Kind {
        SEND,
        BOUNCE,
        COMPLAINT
    }

    /**
     * One input record: its kind (which topic), key, JSON value and event id; for a bounce, the
     * category its reply has, else null.
     */
    record Event(Kind kind, String mailbox, byte[] json, String eventId, Category category) {}

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private final int mailboxes;
    private final int domains;
    private final TrafficMix mix;
    private final SplittableRandom random;
    private final String prefix;
    private final boolean[] bad;

    /** The categories that have a weight, in a fixed order, with their cumulative shares. */
    private final Category[] categories;

    private final double[] cumulativeShares;

    /** Per category (parallel to {@link #categories}): its templates and their total weight. */
    private final BounceTemplate[][] templates;

    private final int[] templateWeights;
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
        this.categories = mix.bounces().weights().keySet().toArray(Category[]::new);
        this.cumulativeShares = new double[categories.length];
        this.templates = new BounceTemplate[categories.length][];
        this.templateWeights = new int[categories.length];
        double cumulative = 0;
        for (int c = 0; c < categories.length; c++) {
            cumulative += mix.bounces().share(categories[c]);
            cumulativeShares[c] = cumulative;
            List<BounceTemplate> compiled = new ArrayList<>();
            for (BounceReply reply : BounceReplies.of(categories[c])) {
                compiled.add(new BounceTemplate(reply));
                templateWeights[c] += reply.weight();
            }
            templates[c] = compiled.toArray(BounceTemplate[]::new);
        }
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
        double roll = random.nextDouble();
        double bounceRate = bad[m] ? mix.badBounceRate() : mix.bounceRate();
        if (roll < bounceRate) {
            return bounce(n, m, mailbox, timestamp);
        }
        String recipient =
                "lead"
                        + random.nextInt(1_000_000)
                        + "@prospect"
                        + random.nextInt(5_000)
                        + ".example";
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
            return new Event(
                    Kind.COMPLAINT, mailbox, json.getBytes(StandardCharsets.UTF_8), id, null);
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
        return new Event(Kind.SEND, mailbox, json.getBytes(StandardCharsets.UTF_8), id, null);
    }

    /**
     * A bounce: a category by the mix, a reply of it by weight, a recipient at a domain that gives
     * that reply (one of its consumer domains, else a company's).
     */
    private Event bounce(long n, int m, String mailbox, String timestamp) {
        double roll = random.nextDouble();
        int c = 0;
        while (c < categories.length - 1 && roll >= cumulativeShares[c]) {
            c++;
        }
        int pick = random.nextInt(templateWeights[c]);
        BounceTemplate template = templates[c][0];
        for (BounceTemplate t : templates[c]) {
            template = t;
            pick -= t.reply.weight();
            if (pick < 0) {
                break;
            }
        }
        List<String> consumer = template.reply.domains();
        String recipientDomain =
                consumer.isEmpty()
                        ? "prospect" + random.nextInt(5_000) + ".example"
                        : consumer.get(random.nextInt(consumer.size()));
        String recipient = "lead" + random.nextInt(1_000_000) + "@" + recipientDomain;
        String id = prefix + "b-" + n;
        String head =
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"timestamp\":\""
                        + timestamp
                        + "\"";
        byte[] json =
                template.json(head, recipient, recipientDomain, domain(domainIndex(m, domains)));
        return new Event(Kind.BOUNCE, mailbox, json, id, categories[c]);
    }
}
