package io.bouncewatch.demo;

import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.Provider;
import io.bouncewatch.traffic.BounceReplies;
import io.bouncewatch.traffic.BounceReply;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One sending mailbox of the demo fleet: its address, volume, soft-bounce noise and the script that
 * makes it go bad, plus its recent sends (what later bounces and complaints refer to) and its
 * {@link ShadowWindow}.
 */
final class SimulatedMailbox {

    /** How a mailbox behaves. */
    enum Script {
        /** Healthy throughout: only soft bounces, which the monitor totals but does not count. */
        CLEAN,
        /** Drifts to a ~3% hard-bounce rate: WARNING (BOUNCE_RATE), then PAUSED (BOUNCE_RATE). */
        RATE_DRIFT,
        /**
         * Mails a bought list: 3 hard bounces within ~8 s, WARNING then PAUSED (BOUNCE_RATE). Its
         * probation ends under 2%: HEALTHY.
         */
        BOUGHT_LIST,
        /**
         * Mails a worse bought list: 5 hard bounces within ~12 s, the last two while it is paused
         * (they left before the pause). Its probation ends over 2%, so it stays WARNING until its
         * rate recovers.
         */
        BOUGHT_LIST_LATE_BOUNCES,
        /** Two spam complaints in one window: WARNING, then PAUSED (COMPLAINTS). */
        COMPLAINTS,
        /** Three hard bounces within its first 40 sends: WARNING (EARLY_WARNING). */
        EARLY_BOUNCES,
        /**
         * Microsoft defers one of its messages to an Outlook or Hotmail address every 2-4 minutes
         * (451 4.7.650): its microsoft route slows down, and backs off further while they go on.
         */
        MICROSOFT_THROTTLE,
        /**
         * Gmail refuses two of its messages for low reputation, about half a minute apart: its
         * google route is BLOCKED. Each lands where the window keeps the mailbox below 2%.
         */
        GMAIL_BLOCK,
        /**
         * One of the mailboxes of a domain whose DMARC setup breaks now and then: a failure at the
         * start of each cycle, two more about two minutes later; four such mailboxes warn their
         * domain (3 in an hour) and then pause it (10).
         */
        DMARC_BURSTS;

        /** The replies its scripted bounces are chosen from. */
        Predicate<BounceReply> replies() {
            return switch (this) {
                case MICROSOFT_THROTTLE ->
                        r ->
                                r.category() == Category.THROTTLE
                                        && r.provider() == Provider.MICROSOFT;
                case GMAIL_BLOCK -> r -> r.id().equals("gmail-low-reputation");
                case DMARC_BURSTS -> r -> r.bounceClass() == BounceClass.DMARC;
                default -> r -> r.category() == Category.LIST;
            };
        }
    }

    /** A scripted event a send or a tick calls for. */
    enum Feedback {
        NONE,
        BOUNCE,
        COMPLAINT
    }

    record RecentSend(String recipient, long sentAt) {}

    /** A DMARC cycle: its failures' times from its start, then quiet until the next. */
    static final long[] DMARC_FAILURES_AT = {0, 110_000, 125_000};

    static final long DMARC_CYCLE_MILLIS = Duration.ofMinutes(90).toMillis();

    /**
     * Feedback refers to a send at least this old: bounce webhooks and feedback loops take seconds.
     */
    static final long MIN_FEEDBACK_AGE_MILLIS = 2_000;

    static final long MAX_FEEDBACK_AGE_MILLIS = 8_000;
    private static final int MAX_RECENT = 256;
    private static final long RECENT_HORIZON_MILLIS = 30_000;

    final String address;
    final String domain;
    final double sendsPerSecond;
    final double softBounceRate;
    final Script script;

    /** Fleet time (millis since the first tick) from which the script acts. */
    final long scriptFromMillis;

    final String campaignId;
    final ShadowWindow shadow;

    /** Sends owed but not yet made: rates are fractional per tick. */
    double credit;

    long sends;
    long complaints;

    private final ArrayDeque<RecentSend> recent = new ArrayDeque<>();
    private int step;
    private long nextTimedAt = -1;

    /** Fleet time, since {@link #scriptFromMillis}, at which the current DMARC cycle began. */
    private long cycleStart;

    /** Recipient domains, and whether the script's replies can come from them. */
    private final Map<String, Boolean> replyDomains = new HashMap<>();

    SimulatedMailbox(
            String localPart,
            String domain,
            double sendsPerSecond,
            double softBounceRate,
            Script script,
            long scriptFromMillis,
            String campaignId,
            MailboxRules rules) {
        this.address = localPart + "@" + domain;
        this.domain = domain;
        this.sendsPerSecond = sendsPerSecond;
        this.softBounceRate = softBounceRate;
        this.script = script;
        this.scriptFromMillis = scriptFromMillis;
        this.campaignId = campaignId;
        this.shadow = new ShadowWindow(rules, address);
    }

    void recordSend(String recipient, long now) {
        sends++;
        recent.addLast(new RecentSend(recipient, now));
        while (recent.size() > MAX_RECENT
                || now - recent.peekFirst().sentAt() > RECENT_HORIZON_MILLIS) {
            recent.removeFirst();
        }
    }

    /**
     * The scripted event due right after a send, if any. Window-placed scripts act on the shadow
     * window as it stands after this send: a status follows from where in the window an event lands
     * (2 bounces at 68 sends warn, 3 at 92 pause), so the script times the arrival, not the send.
     */
    Feedback afterSend(long elapsed) {
        if (elapsed < scriptFromMillis) {
            return Feedback.NONE;
        }
        double s = shadow.sends();
        boolean due =
                switch (script) {
                    // One window, three bounces: 1 at 51-58 sends (under 2%: healthy, whether the
                    // mailbox has volume yet or not), 2 at 68-74 (2.7-2.9%: WARNING), 3 at 92-97
                    // (3.1-3.3%: PAUSED). A fresh window (no earlier bounce) keeps the rates exact.
                    case RATE_DRIFT ->
                            (step == 0 && shadow.bounces() < 0.01 && between(s, 51, 58))
                                    || (step == 1 && between(s, 68, 74))
                                    || (step == 2 && between(s, 92, 97));
                    // Both complaints in one window: a slide would halve the first before the
                    // second lands.
                    case COMPLAINTS ->
                            (step == 0 && shadow.complaints() < 0.01 && between(s, 52, 60))
                                    || (step == 1 && between(s, 86, 94));
                    // Lifetime sends: the first window never slid, so these are "3 bounces in the
                    // first 60 sends".
                    case EARLY_BOUNCES -> step < 3 && sends >= 14 + 12L * step;
                    // REPUTATION counts: at 55-60 sends one bounce is under 2%, and so is the
                    // second once four slides have left 1/16 of the first.
                    case GMAIL_BLOCK ->
                            step < 2
                                    && shadow.bounces() < (step == 0 ? 0.01 : 0.07)
                                    && between(s, 55, 60)
                                    && hasRecentSendTo();
                    default -> false;
                };
        if (!due) {
            return Feedback.NONE;
        }
        step++;
        return script == Script.COMPLAINTS ? Feedback.COMPLAINT : Feedback.BOUNCE;
    }

    /**
     * The scripted event due at a tick, if any, for the scripts that run on a clock: the bought
     * list, Microsoft's throttling and the DMARC failures.
     */
    Feedback onTick(long elapsed, Random random, double speed) {
        if (elapsed < scriptFromMillis || recent.isEmpty()) {
            return Feedback.NONE;
        }
        return switch (script) {
            case BOUGHT_LIST -> boughtList(3, elapsed, random, speed);
            case BOUGHT_LIST_LATE_BOUNCES -> boughtList(5, elapsed, random, speed);
            case MICROSOFT_THROTTLE -> {
                // Wall-clock: the route's backoff is in minutes, whatever the demo's speed
                if (elapsed < nextTimedAt || !hasRecentSendTo()) {
                    yield Feedback.NONE;
                }
                nextTimedAt = elapsed + 120_000 + random.nextInt(120_001);
                yield Feedback.BOUNCE;
            }
            case DMARC_BURSTS -> {
                long due = cycleStart + DMARC_FAILURES_AT[step];
                if (elapsed < due + scriptFromMillis || !hasRecentSendTo()) {
                    yield Feedback.NONE;
                }
                step++;
                if (step == DMARC_FAILURES_AT.length) {
                    step = 0;
                    cycleStart += DMARC_CYCLE_MILLIS;
                }
                yield Feedback.BOUNCE;
            }
            default -> Feedback.NONE;
        };
    }

    /**
     * A bought list bounces on a clock, one hard bounce every 2-4 s at speed 1 (6-12 sends), paused
     * or not, since those messages left before the pause. The gap shrinks with the speed so the
     * bounces land within one window (a slide would halve them: a flap).
     */
    private Feedback boughtList(int bounces, long elapsed, Random random, double speed) {
        if (step >= bounces) {
            return Feedback.NONE;
        }
        if (nextTimedAt < 0) {
            // Start where the window lets the story show: bounce 1 at 62-70 sends, bounce 2 some
            // 6-12 sends later (2-3%: WARNING), bounce 3 before the window slides at 100 (3%+:
            // PAUSED).
            if (!between(shadow.sends(), 62, 70) || shadow.bounces() > 0.01) {
                return Feedback.NONE;
            }
            nextTimedAt = elapsed;
        }
        if (elapsed < nextTimedAt) {
            return Feedback.NONE;
        }
        step++;
        nextTimedAt = elapsed + Math.round((2_000 + random.nextInt(2_001)) / speed);
        return Feedback.BOUNCE;
    }

    /** Whether a recent send went to a recipient that the script's replies can come from. */
    private boolean hasRecentSendTo() {
        for (RecentSend s : recent) {
            if (canReply(s.recipient())) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the script's replies comes from the recipient's domain (always for LIST). */
    private boolean canReply(String recipient) {
        return replyDomains.computeIfAbsent(
                BounceFacts.domainOf(recipient),
                domain ->
                        BounceReplies.ALL.stream()
                                .anyMatch(r -> script.replies().test(r) && r.fits(domain)));
    }

    /**
     * Takes a recent send for feedback to refer to, of those to a recipient that the script's
     * replies can come from (any, for a complaint): one 2-8 s old if there is one, else the
     * youngest older one, else the oldest at hand. It is removed, so no send draws two scripted
     * events.
     */
    RecentSend takeEarlierSend(long now, Random random) {
        List<RecentSend> inRange = new ArrayList<>();
        RecentSend youngestOld = null;
        RecentSend oldest = null;
        for (Iterator<RecentSend> it = recent.descendingIterator(); it.hasNext(); ) {
            RecentSend s = it.next();
            if (script != Script.COMPLAINTS && !canReply(s.recipient())) {
                continue;
            }
            oldest = s;
            long age = now - s.sentAt();
            if (age >= MIN_FEEDBACK_AGE_MILLIS && age <= MAX_FEEDBACK_AGE_MILLIS) {
                inRange.add(s);
            } else if (age > MAX_FEEDBACK_AGE_MILLIS && youngestOld == null) {
                youngestOld = s;
            }
        }
        RecentSend chosen;
        if (!inRange.isEmpty()) {
            chosen = inRange.get(random.nextInt(inRange.size()));
        } else if (youngestOld != null) {
            chosen = youngestOld;
        } else if (oldest != null) {
            chosen = oldest;
        } else {
            return null;
        }
        recent.removeFirstOccurrence(chosen);
        return chosen;
    }

    /** Whether its script changes the mailbox's own status. */
    boolean goesBad() {
        return switch (script) {
            case CLEAN, MICROSOFT_THROTTLE, GMAIL_BLOCK, DMARC_BURSTS -> false;
            case RATE_DRIFT, BOUGHT_LIST, BOUGHT_LIST_LATE_BOUNCES, COMPLAINTS, EARLY_BOUNCES ->
                    true;
        };
    }

    private static boolean between(double value, double low, double high) {
        return value >= low && value <= high;
    }
}
