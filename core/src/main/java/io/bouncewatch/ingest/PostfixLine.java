package io.bouncewatch.ingest;

import java.util.Objects;

/**
 * One Postfix log line that the join of a queue id's lines needs: the sender a {@code qmgr} line
 * names, the outcome a delivery agent's {@code to=} line gives, the {@code qmgr} line that gives
 * the message up, or the one that says the queue id is done with. Read by {@link PostfixLines}.
 */
public sealed interface PostfixLine {

    /** The host that logged the line (queue ids are unique per host); null when not known. */
    String host();

    String queueId();

    /**
     * What identifies the queue id's message across hosts: {@code <host>/<queue id>}, or the queue
     * id alone when the line names no host.
     */
    default String key() {
        return host() == null ? queueId() : host() + "/" + queueId();
    }

    /**
     * {@code qmgr}: {@code from=<sender>, size=..., nrcpt=N (queue active)}.
     *
     * @param mailbox the normalised sender; null for the null sender {@code <>} of Postfix's own
     *     bounces, whose outcomes count for no mailbox
     * @param recipients {@code nrcpt}, how many final outcomes the queue id will have; 0 when not
     *     given
     */
    record Sender(String host, String queueId, String mailbox, int recipients)
            implements PostfixLine {}

    /**
     * A delivery agent's {@code to=<recipient>, relay=..., dsn=X.Y.Z, status=... (reply)}.
     *
     * @param status {@code sent}, {@code deferred}, {@code bounced} or {@code expired}
     * @param relay the remote host the reply came from; null for a local transport or none
     * @param reply the remote server's reply, without Postfix's {@code host X said:} and {@code (in
     *     reply to ... command)} around it; null when the line gives none
     */
    record Outcome(
            String host,
            String queueId,
            String recipient,
            String status,
            String dsn,
            String relay,
            String reply)
            implements PostfixLine {}

    /** {@code qmgr}: {@code removed}, the queue file is gone. */
    record Removed(String host, String queueId) implements PostfixLine {}

    /**
     * {@code qmgr}: {@code from=<sender>, status=expired, returned to sender}: the message outlived
     * {@code maximal_queue_lifetime}, and every recipient still deferred has failed. Postfix logs
     * no line per recipient for it.
     *
     * @param mailbox the normalised sender; null for the null sender
     */
    record Expired(String host, String queueId, String mailbox) implements PostfixLine {}

    /** What a record is. */
    sealed interface Read {
        record Line(PostfixLine line) implements Read {
            public Line {
                Objects.requireNonNull(line, "line");
            }
        }

        /** Not a line the join needs: another program's, another Postfix line, not a line. */
        record Ignored() implements Read {}

        /** A line the join needs that cannot be read, and why. */
        record Malformed(String reason) implements Read {}
    }
}
