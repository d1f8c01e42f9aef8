package io.bouncewatch.ingest;

import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Category;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the join knows of one Postfix queue id: its sender once the {@code qmgr} line has named it,
 * the outcomes that wait for it, the recipients already counted as sent, and whether the queue file
 * is gone. Lines come in any order; an outcome becomes events as soon as the sender is known. Pure
 * and immutable.
 *
 * <p>Event ids are {@code <host>/<queue id>:<recipient>} for the send (counted once per recipient
 * however many of its lines arrive), with {@code :deferred}, {@code :bounced} or {@code :expired}
 * for a bounce: the deferrals of one message count once. When {@code qmgr} gives the message up
 * ({@code status=expired}), each recipient whose last outcome was a deferral has its {@code
 * :expired} bounce, with that deferral's reply.
 *
 * @param senderKnown whether the {@code qmgr} line has come
 * @param mailbox the sender; null before it is known and for the null sender {@code <>}
 * @param recipients how many final outcomes ({@code sent}, {@code bounced}, {@code expired}) the
 *     sender's line announced ({@code nrcpt}); 0 when not known
 * @param finals how many final outcomes have come
 * @param removed whether {@code qmgr} has logged the queue file removed
 * @param lastSeen when a line of the queue id last came (wall-clock, epoch ms)
 * @param sent recipients whose send has been emitted
 * @param pending outcomes waiting for the sender, in arrival order
 * @param deferred the last deferral of each recipient that has no final outcome yet
 */
public record PostfixQueue(
        boolean senderKnown,
        String mailbox,
        int recipients,
        int finals,
        boolean removed,
        long lastSeen,
        List<String> sent,
        List<Pending> pending,
        List<PostfixLine.Outcome> deferred) {

    /**
     * Outcomes waiting, and recipients remembered, per queue id at most: Postfix's own default
     * recipient limit per message (smtpd_recipient_limit). Past it a waiting outcome is dropped and
     * a send may count twice, rather than let one queue id grow the state without bound.
     */
    public static final int MAX_RECIPIENTS = 1000;

    public static final PostfixQueue EMPTY =
            new PostfixQueue(false, null, 0, 0, false, 0, List.of(), List.of(), List.of());

    public PostfixQueue {
        sent = List.copyOf(sent);
        pending = List.copyOf(pending);
        deferred = List.copyOf(deferred);
    }

    /**
     * An outcome line and its record's timestamp.
     *
     * @param at epoch ms
     */
    public record Pending(PostfixLine.Outcome outcome, long at) {
        public Pending {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * What a line makes of the queue id.
     *
     * @param next the state to keep; null when the queue id is done with and forgotten
     * @param events the input events it completes, in order
     * @param dropped outcomes dropped past {@link #MAX_RECIPIENTS}
     */
    public record Step(PostfixQueue next, List<Ingested.Event> events, int dropped) {}

    /**
     * Takes a line of this queue id.
     *
     * @param at the line's record timestamp (epoch ms), the time of its events
     * @param now wall-clock time (epoch ms), which retention counts from
     */
    public Step accept(PostfixLine line, long at, long now) {
        List<Ingested.Event> events = new ArrayList<>();
        List<String> counted = new ArrayList<>(sent);
        List<Pending> waiting = new ArrayList<>(pending);
        List<PostfixLine.Outcome> open = new ArrayList<>(deferred);
        boolean known = senderKnown;
        String from = mailbox;
        int expected = recipients;
        int done = finals;
        boolean gone = removed;
        int dropped = 0;
        if (line instanceof PostfixLine.Sender sender) {
            known = true;
            from = sender.mailbox();
            expected = sender.recipients();
            for (Pending p : waiting) {
                emit(from, p.outcome(), p.at(), counted, events);
            }
            waiting.clear();
        } else if (line instanceof PostfixLine.Outcome outcome) {
            open.removeIf(o -> o.recipient().equals(outcome.recipient()));
            if (!"deferred".equals(outcome.status())) {
                done++;
            } else if (open.size() < MAX_RECIPIENTS) {
                open.add(outcome);
            }
            if (known) {
                emit(from, outcome, at, counted, events);
            } else if (waiting.size() < MAX_RECIPIENTS) {
                waiting.add(new Pending(outcome, at));
            } else {
                dropped = 1;
            }
        } else if (line instanceof PostfixLine.Expired expired) {
            if (!known) {
                known = true;
                from = expired.mailbox();
                for (Pending p : waiting) {
                    emit(from, p.outcome(), p.at(), counted, events);
                }
                waiting.clear();
            }
            for (PostfixLine.Outcome last : open) {
                done++;
                emit(
                        from,
                        new PostfixLine.Outcome(
                                last.host(),
                                last.queueId(),
                                last.recipient(),
                                "expired",
                                last.dsn(),
                                last.relay(),
                                last.reply()),
                        at,
                        counted,
                        events);
            }
            open.clear();
        } else if (line instanceof PostfixLine.Removed) {
            gone = true;
        }
        // Done once the queue file is gone, every recipient's final outcome has come and nothing
        // waits: lines shipped over other partitions may come after the removal. A line that still
        // comes later waits alone until the retention forgets it.
        PostfixQueue next =
                gone && known && done >= expected && waiting.isEmpty()
                        ? null
                        : new PostfixQueue(
                                known, from, expected, done, gone, now, counted, waiting, open);
        return new Step(next, events, dropped);
    }

    /** The events of an outcome; none for the null sender, whose mail is Postfix's own. */
    private static void emit(
            String mailbox,
            PostfixLine.Outcome o,
            long at,
            List<String> counted,
            List<Ingested.Event> events) {
        if (mailbox == null) {
            return;
        }
        String id = o.key() + ":" + o.recipient();
        Instant time = Instant.ofEpochMilli(at);
        if (!counted.contains(o.recipient())) {
            events.add(InputEvents.send(id, mailbox, o.recipient(), time, null));
            if (counted.size() < MAX_RECIPIENTS) {
                counted.add(o.recipient());
            }
        }
        BounceType type =
                switch (o.status()) {
                    case "bounced" -> BounceType.HARD;
                    case "deferred", "expired" -> BounceType.SOFT;
                    default -> null;
                };
        if (type == null) {
            return;
        }
        BounceReport report =
                new BounceReport(
                        id + ":" + o.status(),
                        mailbox,
                        o.recipient(),
                        time,
                        type,
                        smtpCode(o.reply()),
                        o.dsn(),
                        o.reply(),
                        o.relay(),
                        null);
        events.add(
                InputEvents.bounce(
                        "expired".equals(o.status())
                                ? report.withProviderCategory(Category.TRANSIENT)
                                : report));
    }

    /** The reply's leading SMTP code, when it starts with one. */
    private static Integer smtpCode(String reply) {
        if (reply == null
                || reply.length() < 3
                || reply.charAt(0) < '2'
                || reply.charAt(0) > '5'
                || !Character.isDigit(reply.charAt(1))
                || !Character.isDigit(reply.charAt(2))
                || (reply.length() > 3 && reply.charAt(3) != ' ' && reply.charAt(3) != '-')) {
            return null;
        }
        return Integer.parseInt(reply, 0, 3, 10);
    }
}
