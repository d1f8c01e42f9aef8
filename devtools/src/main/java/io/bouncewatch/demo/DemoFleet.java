package io.bouncewatch.demo;

import io.bouncewatch.demo.SimulatedMailbox.Feedback;
import io.bouncewatch.demo.SimulatedMailbox.RecentSend;
import io.bouncewatch.demo.SimulatedMailbox.Script;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.traffic.BounceReplies;
import io.bouncewatch.traffic.BounceReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated fleet of 40 sending mailboxes on 5 sender domains for the {@code demo} command: about
 * 200 events a second of realistic traffic in which a few mailboxes go bad, so that within a minute
 * or two a newcomer sees warnings, mailbox pauses, a domain pause, cooldown expiries and healing,
 * and within three minutes a throttled and a blocked route and a domain's DMARC failures. Bounces
 * are provider replies from {@link BounceReplies}, fitted to the recipient's domain.
 *
 * <p>Deterministic: the same seed and the same tick instants give the same records. {@link
 * #start()} ticks every 100 ms on a daemon thread and sends each tick's records with the producer,
 * which the caller owns and closes. The fleet holds paused mailboxes back by running the monitor's
 * rules with the monitor's settings ({@link ShadowWindow}); its scripts and {@link #describe()} are
 * written for the default thresholds with the demo's 1-minute cooldown.
 */
public final class DemoFleet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);

    static final long TICK_MILLIS = 100;

    /** A late tick (GC, suspended laptop) catches up at most this much, instead of a burst. */
    private static final long MAX_CATCH_UP_MILLIS = 1_000;

    private static final long SUMMARY_EVERY_MILLIS = Duration.ofSeconds(30).toMillis();
    private static final double MAX_SPEED = 100;

    private static final String[] RECIPIENT_DOMAINS = {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "yahoo.com",
        "icloud.com",
        "proton.me",
        "gmx.de",
        "hey.com",
        "globex-corp.com",
        "initech.io",
        "umbrella-health.org"
    };
    private static final String[] FIRST_NAMES = {
        "alex", "maria", "jordan", "li", "sam", "fatima", "noah", "emma", "ravi", "chen", "olga",
        "diego", "aisha", "tom", "yuki", "lucas", "nina", "omar", "julia", "kofi"
    };
    private static final String[] LAST_NAMES = {
        "smith",
        "garcia",
        "muller",
        "kim",
        "rossi",
        "nguyen",
        "silva",
        "novak",
        "okafor",
        "jensen",
        "patel",
        "dubois",
        "tanaka",
        "kowalski"
    };

    private final Producer<String, String> producer;
    private final DemoTopics topics;
    private final double speed;
    private final Clock clock;
    private final Random random;
    private final List<SimulatedMailbox> mailboxes;
    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong(Pending::dueAt).thenComparingLong(Pending::sequence));

    private long startedAt = -1;
    private long lastTickAt;
    private long lastSummaryAt;
    private String runTag;
    private long nextId;
    private long nextSequence;
    private long sends;
    private final Map<Category, Long> bounces = new EnumMap<>(Category.class);
    private long complaints;
    private final AtomicLong sendFailures = new AtomicLong();

    private ScheduledExecutorService ticker;
    private boolean closed;

    /**
     * @param producer an already configured producer (key: mailbox address, value: JSON); not
     *     closed by the fleet
     * @param topics where sends, bounces and complaints go
     * @param rules the settings the monitor runs, which decide when a mailbox is paused
     * @param seed makes recipients, volumes and timings reproducible
     * @param speed scales the send rate; 1.0 is about 200 events a second in total
     */
    public DemoFleet(
            Producer<String, String> producer,
            DemoTopics topics,
            RuleSettings rules,
            long seed,
            double speed) {
        this(producer, topics, rules, seed, speed, Clock.systemUTC());
    }

    /**
     * As the public constructor, with the clock {@link #start()} reads; tests use {@link
     * #tick(Instant)}.
     */
    DemoFleet(
            Producer<String, String> producer,
            DemoTopics topics,
            RuleSettings rules,
            long seed,
            double speed,
            Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!(speed > 0 && speed <= MAX_SPEED)) {
            throw new IllegalArgumentException(
                    "speed must be above 0 and at most " + MAX_SPEED + ", not " + speed);
        }
        this.speed = speed;
        this.random = new Random(seed);
        this.mailboxes = roster(new MailboxRules(Objects.requireNonNull(rules, "rules")));
    }

    /**
     * The fleet. Volumes add up to 200 sends/s. Script start times are seconds after the first
     * tick; window-placed scripts then wait for the right point of their mailbox's window.
     */
    private static List<SimulatedMailbox> roster(MailboxRules rules) {
        List<SimulatedMailbox> all = new ArrayList<>();
        // A well-run sender: steady volume, a trickle of soft bounces (mailbox full), never a hard
        // one. Even so, Microsoft throttles one mailbox and Gmail blocks another: their routes
        // change, their own status does not.
        for (String local :
                List.of(
                        "sales.anna",
                        "sales.ben",
                        "support",
                        "billing",
                        "hello",
                        "team",
                        "invoices",
                        "events",
                        "careers",
                        "partners")) {
            all.add(clean(local, "northwind-mail.com", 7.5, 0.015, "c-101", rules));
        }
        all.add(
                new SimulatedMailbox(
                        "news",
                        "northwind-mail.com",
                        7.5,
                        0.015,
                        Script.MICROSOFT_THROTTLE,
                        seconds(20),
                        "c-102",
                        rules));
        all.add(
                new SimulatedMailbox(
                        "marketing",
                        "northwind-mail.com",
                        7.5,
                        0.015,
                        Script.GMAIL_BLOCK,
                        seconds(30),
                        "c-103",
                        rules));
        // Cold outreach: two mailboxes drift to ~3% hard bounces; 2 of 10 unhealthy keeps the
        // domain HEALTHY.
        for (String local :
                List.of(
                        "outreach-01",
                        "outreach-02",
                        "outreach-03",
                        "outreach-05",
                        "outreach-06",
                        "sales.maria",
                        "hello",
                        "partners")) {
            all.add(clean(local, "acme-outreach.io", 5, 0.005, "c-204", rules));
        }
        all.add(
                new SimulatedMailbox(
                        "outreach-04",
                        "acme-outreach.io",
                        2,
                        0.005,
                        Script.RATE_DRIFT,
                        seconds(15),
                        "c-205",
                        rules));
        all.add(
                new SimulatedMailbox(
                        "sales.tom",
                        "acme-outreach.io",
                        2,
                        0.005,
                        Script.RATE_DRIFT,
                        seconds(45),
                        "c-205",
                        rules));
        // A bought lead list: four mailboxes break one every 15 s, 3 of 6 unhealthy pauses the
        // domain. Only the last still holds bounces over 2% when its probation ends: by then the
        // others are healthy, so it cannot pause the domain again (one over 2% earlier would,
        // with two others still paused: a domain flapping between PAUSED and WARNING).
        String[] boughtList = {"growth.jake", "growth.lena", "bizdev.omar", "bizdev.sara"};
        for (int i = 0; i < boughtList.length; i++) {
            all.add(
                    new SimulatedMailbox(
                            boughtList[i],
                            "brightleads.co",
                            3,
                            0.005,
                            i == boughtList.length - 1
                                    ? Script.BOUGHT_LIST_LATE_BOUNCES
                                    : Script.BOUGHT_LIST,
                            seconds(20 + 15L * i),
                            "c-310",
                            rules));
        }
        all.add(clean("info", "brightleads.co", 4, 0.005, "c-301", rules));
        all.add(clean("ops", "brightleads.co", 4, 0.005, "c-301", rules));
        // Newsletters: one issue draws two spam complaints; a low-volume mailbox bounces early.
        all.add(
                new SimulatedMailbox(
                        "newsletter",
                        "quietsend.net",
                        3,
                        0.005,
                        Script.COMPLAINTS,
                        seconds(30),
                        "c-412",
                        rules));
        all.add(
                new SimulatedMailbox(
                        "hello",
                        "quietsend.net",
                        1,
                        0.005,
                        Script.EARLY_BOUNCES,
                        0,
                        "c-415",
                        rules));
        for (String local :
                List.of("digest", "alerts", "receipts", "updates", "team.kim", "team.raj")) {
            all.add(clean(local, "quietsend.net", 6, 0.005, "c-410", rules));
        }
        // Billing mail whose DMARC breaks now and then (a DNS change, a rotated DKIM key): every
        // mailbox's mail fails at once, a config problem of the domain, not of any mailbox.
        String[] billing = {"invoices", "receipts", "reminders", "statements"};
        for (int i = 0; i < billing.length; i++) {
            all.add(
                    new SimulatedMailbox(
                            billing[i],
                            "ledgerly.app",
                            1.5,
                            0.005,
                            Script.DMARC_BURSTS,
                            seconds(40 + 4L * i),
                            "c-501",
                            rules));
        }
        return Collections.unmodifiableList(all);
    }

    private static SimulatedMailbox clean(
            String local,
            String domain,
            double rate,
            double softRate,
            String campaign,
            MailboxRules rules) {
        return new SimulatedMailbox(
                local, domain, rate, softRate, Script.CLEAN, 0, campaign, rules);
    }

    private static long seconds(long s) {
        return s * 1000;
    }

    /**
     * A few lines for the demo banner: the domains, their mailboxes and which ones go bad, and how.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "Simulated fleet: %d mailboxes on 5 sender domains, ~%d events/s%n",
                        mailboxes.size(),
                        Math.round(totalSendsPerSecond() / 10) * 10));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  northwind-mail.com: %d mailboxes, all healthy (a few soft bounces, which do not count); yet Microsoft"
                                + " throttles news every 2-4 minutes (451 4.7.650) -> its route microsoft SLOW_DOWN from ~20 s, backing"
                                + " off further while it goes on, and Gmail refuses 2 of marketing's messages for low reputation"
                                + " -> its route google BLOCKED at ~1 minute%n",
                        count("northwind-mail.com")));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  acme-outreach.io: 2 of %d mailboxes (%s) drift to ~3%% hard bounces -> WARNING (BOUNCE_RATE),"
                                + " then PAUSED (BOUNCE_RATE), at ~45 s and ~70 s; 2 of 10 unhealthy keeps the domain HEALTHY%n",
                        count("acme-outreach.io"),
                        badLocals("acme-outreach.io")));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  brightleads.co: 4 of %d mailboxes (%s) mail a bought list, one every ~15 s from ~25 s: 3 hard bounces"
                                + " each (bizdev.sara 5) -> WARNING then PAUSED (BOUNCE_RATE) -> domain WARNING at 2 of 6, PAUSED at 3"
                                + " of 6 (~1 minute)%n",
                        count("brightleads.co"),
                        badLocals("brightleads.co")));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  quietsend.net: %d mailboxes; newsletter gets 2 spam complaints -> WARNING, then PAUSED (COMPLAINTS);"
                                + " hello gets 3 bounces in its first 40 sends -> WARNING (EARLY_WARNING), then PAUSED (BOUNCE_RATE) at 60 sends%n",
                        count("quietsend.net")));
        out.append(
                String.format(
                        Locale.ROOT,
                        "  ledgerly.app: %d mailboxes whose DMARC breaks now and then: 4 DMARC failures from ~40 s"
                                + " -> domain WARNING (CONFIG_FAILURE), 8 more at ~2.5 minutes -> PAUSED (CONFIG_FAILURE) until an hour"
                                + " passes without one; again every 90 minutes. Its mailboxes stay HEALTHY: a CONFIG bounce never counts%n",
                        count("ledgerly.app")));
        out.append(
                "  Paused mailboxes stop sending. A minute later the cooldown expires (WARNING, COOLDOWN_EXPIRED); they send clean"
                        + " mail again and turn HEALTHY after their 60 probation sends.\n");
        out.append(
                "  A mailbox on probation counts as healthy for its domain: as the bought-list cooldowns run out,"
                        + " brightleads.co resumes by itself (WARNING at ~1.5 minutes, HEALTHY at ~2). bizdev.sara still holds 2.5"
                        + " of its 5 bounces when its probation ends: over 2%, it stays WARNING until its rate has stayed under 1.5%"
                        + " for 100 sends, and heals about 3.5 minutes in. No mailbox or domain flips back and forth.");
        return out.toString();
    }

    private long count(String domain) {
        return mailboxes.stream().filter(m -> m.domain.equals(domain)).count();
    }

    private String badLocals(String domain) {
        return mailboxes.stream()
                .filter(m -> m.domain.equals(domain) && m.goesBad())
                .map(m -> m.address.substring(0, m.address.indexOf('@')))
                .collect(Collectors.joining(", "));
    }

    private double totalSendsPerSecond() {
        return mailboxes.stream().mapToDouble(m -> m.sendsPerSecond).sum() * speed;
    }

    /** Starts sending: a tick every 100 ms on a daemon thread until {@link #close()}. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the demo fleet is closed");
        }
        if (ticker != null) {
            throw new IllegalStateException("the demo fleet is already running");
        }
        ticker =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "demo-fleet");
                            t.setDaemon(true);
                            return t;
                        });
        ticker.scheduleAtFixedRate(this::runTick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("demo fleet started: {} mailboxes", mailboxes.size());
    }

    private void runTick() {
        // A scheduled task that throws is never run again: log and carry on with the next tick.
        try {
            for (ProducerRecord<String, String> record : tick(clock.instant())) {
                producer.send(record, this::onSent);
            }
        } catch (RuntimeException e) {
            LOG.warn("demo fleet tick failed; trying again at the next tick", e);
        }
    }

    private void onSent(RecordMetadata metadata, Exception error) {
        if (error != null && sendFailures.getAndIncrement() == 0) {
            LOG.warn(
                    "demo fleet could not publish an event (further failures are only counted): {}",
                    error.toString());
        }
    }

    /** Stops the ticks; the producer stays open for its owner. Idempotent. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = ticker;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(2, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("demo fleet stopped after {} events", eventsSent());
    }

    /** Events produced so far. */
    public synchronized long eventsSent() {
        return sends + bounceCount() + complaints;
    }

    /**
     * One tick of the fleet at {@code now}: the bounces and complaints that come due, then every
     * mailbox's sends for the time since the previous tick. The first tick starts the fleet's
     * clock.
     */
    synchronized List<ProducerRecord<String, String>> tick(Instant now) {
        long at = now.toEpochMilli();
        if (startedAt < 0) {
            startedAt = at;
            lastTickAt = at;
            lastSummaryAt = at;
            // Event ids name the run, so a restarted demo (same seed, same data dir) never repeats
            // an id.
            runTag = Long.toString(at, 36);
        }
        long elapsedMillis = Math.max(0, Math.min(at - lastTickAt, MAX_CATCH_UP_MILLIS));
        lastTickAt = Math.max(lastTickAt, at);
        long elapsed = at - startedAt;
        Instant stamp = Instant.ofEpochMilli(at).truncatedTo(ChronoUnit.MILLIS);
        List<ProducerRecord<String, String>> out = new ArrayList<>();

        while (!pending.isEmpty() && pending.peek().dueAt() <= at) {
            Pending p = pending.poll();
            Optional<BounceReply> reply =
                    BounceReplies.pick(
                            r -> r.category() == Category.TRANSIENT,
                            BounceFacts.domainOf(p.recipient()),
                            random);
            reply.ifPresent(r -> bounce(p.mailbox(), r, p.recipient(), at, stamp, out));
        }
        for (SimulatedMailbox m : mailboxes) {
            m.shadow.resumeIfDue(at);
            if (m.onTick(elapsed, random, speed) == Feedback.BOUNCE) {
                feedback(m, Feedback.BOUNCE, at, stamp, out);
            }
            if (m.shadow.paused()) {
                // A paused mailbox owes nothing: a scheduler does not make up for a pause.
                m.credit = 0;
                continue;
            }
            m.credit +=
                    m.sendsPerSecond * speed * elapsedMillis / 1000.0 * (0.5 + random.nextDouble());
            while (m.credit >= 1 && !m.shadow.paused()) {
                m.credit--;
                send(m, elapsed, at, stamp, out);
            }
        }
        if (at - lastSummaryAt >= SUMMARY_EVERY_MILLIS) {
            lastSummaryAt = at;
            logSummary(elapsed);
        }
        return out;
    }

    private void send(
            SimulatedMailbox m,
            long elapsed,
            long at,
            Instant stamp,
            List<ProducerRecord<String, String>> out) {
        String recipient = recipient();
        sends++;
        m.recordSend(recipient, at);
        String id = id("s");
        m.shadow.send(id, at);
        out.add(
                record(
                        topics.sends(),
                        m,
                        stamp,
                        EventJson.send(id, m.address, recipient, stamp, m.campaignId)));
        if (random.nextDouble() < m.softBounceRate) {
            long delay =
                    SimulatedMailbox.MIN_FEEDBACK_AGE_MILLIS
                            + random.nextInt(
                                    (int)
                                                    (SimulatedMailbox.MAX_FEEDBACK_AGE_MILLIS
                                                            - SimulatedMailbox
                                                                    .MIN_FEEDBACK_AGE_MILLIS)
                                            + 1);
            pending.add(new Pending(at + delay, nextSequence++, m, recipient));
        }
        Feedback scripted = m.afterSend(elapsed);
        if (scripted != Feedback.NONE) {
            feedback(m, scripted, at, stamp, out);
        }
    }

    private void feedback(
            SimulatedMailbox m,
            Feedback kind,
            long at,
            Instant stamp,
            List<ProducerRecord<String, String>> out) {
        RecentSend earlier = m.takeEarlierSend(at, random);
        if (earlier == null) {
            return;
        }
        if (kind == Feedback.BOUNCE) {
            BounceReplies.pick(
                            m.script.replies(), BounceFacts.domainOf(earlier.recipient()), random)
                    .ifPresent(r -> bounce(m, r, earlier.recipient(), at, stamp, out));
        } else {
            m.complaints++;
            complaints++;
            String id = id("c");
            m.shadow.complaint(id, at);
            out.add(
                    record(
                            topics.complaints(),
                            m,
                            stamp,
                            EventJson.complaint(id, m.address, earlier.recipient(), stamp)));
        }
    }

    /**
     * A bounce of {@code m}'s message to {@code recipient}: published, and counted by its shadow.
     */
    private void bounce(
            SimulatedMailbox m,
            BounceReply reply,
            String recipient,
            long at,
            Instant stamp,
            List<ProducerRecord<String, String>> out) {
        String id = id("b");
        BounceFacts facts = reply.facts(recipient, m.domain);
        bounces.merge(m.shadow.bounce(id, facts, at), 1L, Long::sum);
        out.add(record(topics.bounces(), m, stamp, EventJson.bounce(id, m.address, stamp, facts)));
    }

    private ProducerRecord<String, String> record(
            String topic, SimulatedMailbox m, Instant stamp, String json) {
        return new ProducerRecord<>(topic, null, stamp.toEpochMilli(), m.address, json);
    }

    private String id(String prefix) {
        return prefix + "-" + runTag + "-" + (++nextId);
    }

    private String recipient() {
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String domain = RECIPIENT_DOMAINS[random.nextInt(RECIPIENT_DOMAINS.length)];
        return first + "." + last + random.nextInt(1000) + "@" + domain;
    }

    private void logSummary(long elapsed) {
        List<String> holding = new ArrayList<>();
        for (SimulatedMailbox m : mailboxes) {
            if (m.shadow.paused()) {
                holding.add(m.address);
            }
        }
        LOG.info(
                "demo fleet at {} s: {} events ({} sends, bounces {}, {} complaints, {} failed);"
                        + " holding back {} paused mailboxes {}",
                elapsed / 1000,
                sends + bounceCount() + complaints,
                sends,
                bounces,
                complaints,
                sendFailures.get(),
                holding.size(),
                holding);
    }

    private long bounceCount() {
        return bounces.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Mailboxes of the fleet, for tests. */
    List<SimulatedMailbox> mailboxes() {
        return mailboxes;
    }

    /** A soft bounce waiting for its delivery time. */
    private record Pending(long dueAt, long sequence, SimulatedMailbox mailbox, String recipient) {}
}
