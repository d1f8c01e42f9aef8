package io.bouncewatch.whatif;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded history of a small fleet as its input topics would hold it: mailboxes of four domains
 * sending at different bounce rates, bounces of every category (with their provider), complaints,
 * redelivered events, operator commands for mailboxes and domains, and a few records that cannot be
 * read. Every record is a second or more after the one before, on whole seconds.
 */
public final class FleetHistory {

    /** One record of an input topic. */
    public record Recorded(String topic, String key, String value, long timestamp) {}

    private static final String[] DOMAINS = {"alpha.io", "beta.io", "gamma.io", "delta.io"};
    private static final double[] BOUNCE_RATES = {0.005, 0.03, 0.08, 0.25};

    /** Bounce bodies after the common fields: category, provider and reply. */
    private static final String[] BOUNCES = {
        "\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\","
                + "\"diagnostic\":\"550 5.1.1 user unknown\"",
        "\"type\":\"HARD\",\"category\":\"REPUTATION\",\"provider\":\"google\","
                + "\"diagnostic\":\"550 5.7.1 our system has detected an unusual rate\"",
        "\"type\":\"SOFT\",\"category\":\"THROTTLE\",\"provider\":\"microsoft\","
                + "\"diagnostic\":\"421 4.7.0 too many connections\"",
        "\"type\":\"HARD\",\"category\":\"CONFIG\",\"provider\":\"yahoo\","
                + "\"diagnostic\":\"550 5.7.26 unauthenticated email is not accepted\"",
        "\"type\":\"SOFT\",\"category\":\"TRANSIENT\",\"provider\":\"other\","
                + "\"diagnostic\":\"452 4.2.2 mailbox full\"",
        "\"type\":\"HARD\"",
    };

    private FleetHistory() {}

    /**
     * @param start the first record's time, on a whole second
     * @param events about how many records to make
     */
    public static List<Recorded> of(long seed, Instant start, int events) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> mailboxes = new ArrayList<>();
        for (String domain : DOMAINS) {
            for (int i = 0; i < 4; i++) {
                mailboxes.add("m" + i + "@" + domain);
            }
        }
        List<Recorded> out = new ArrayList<>();
        List<Recorded> redeliverable = new ArrayList<>();
        long t = start.toEpochMilli();
        for (int n = 0; n < events; n++) {
            t += 1000L * (1 + random.nextInt(4));
            int m = random.nextInt(mailboxes.size());
            String mailbox = mailboxes.get(m);
            double rate = BOUNCE_RATES[m % BOUNCE_RATES.length];
            String at = Instant.ofEpochMilli(t).toString();
            double roll = random.nextDouble();
            Recorded r;
            if (roll < 0.01 && !redeliverable.isEmpty()) {
                // A redelivery: the same record again, later.
                Recorded again = redeliverable.get(random.nextInt(redeliverable.size()));
                r = new Recorded(again.topic(), again.key(), again.value(), t);
            } else if (roll < 0.013) {
                r = command(mailbox, random, n, t);
            } else if (roll < 0.015) {
                r = new Recorded("email.sends", mailbox, "{\"eventId\":", t);
            } else if (roll < 0.02) {
                r =
                        event(
                                "email.complaints",
                                "c-" + n,
                                mailbox,
                                at,
                                "\"feedbackType\":\"abuse\"",
                                t);
            } else if (random.nextDouble() < rate) {
                String body = BOUNCES[random.nextInt(BOUNCES.length)];
                r = event("email.bounces", "b-" + n, mailbox, at, body, t);
            } else {
                r =
                        event(
                                "email.sends",
                                "s-" + n,
                                mailbox,
                                at,
                                "\"recipient\":\"r" + n + "@x.io\"",
                                t);
            }
            out.add(r);
            if (r.topic().equals("email.bounces") || r.topic().equals("email.sends")) {
                redeliverable.add(r);
            }
        }
        return out;
    }

    private static Recorded event(
            String topic, String id, String mailbox, String at, String body, long t) {
        return new Recorded(
                topic,
                mailbox,
                "{\"eventId\":\""
                        + id
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"timestamp\":\""
                        + at
                        + "\","
                        + body
                        + "}",
                t);
    }

    private static Recorded command(String mailbox, SplittableRandom random, int n, long t) {
        String domain = mailbox.substring(mailbox.indexOf('@') + 1);
        String[] actions = {"PAUSE", "RESUME", "RESET"};
        if (random.nextInt(4) == 0) {
            String action = random.nextBoolean() ? "PAUSE" : "RESUME";
            return new Recorded(
                    "mailbox.commands",
                    domain,
                    "{\"commandId\":\"op-"
                            + n
                            + "\",\"domain\":\""
                            + domain
                            + "\",\"action\":\""
                            + action
                            + "\",\"operator\":\"ops@fleet.io\",\"reason\":\"replay test\"}",
                    t);
        }
        return new Recorded(
                "mailbox.commands",
                mailbox,
                "{\"commandId\":\"op-"
                        + n
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"action\":\""
                        + actions[random.nextInt(actions.length)]
                        + "\",\"operator\":\"ops@fleet.io\",\"reason\":\"replay test\"}",
                t);
    }
}
