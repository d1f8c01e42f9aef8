package io.bouncewatch.dsn;

import java.util.List;
import java.util.Objects;

/**
 * What a raw message turned out to be: reports about its recipients, or a rejection with the
 * reason.
 */
public sealed interface ParsedMessage {

    /**
     * One report per recipient, in the order the message lists them; never empty.
     *
     * @param messageId the message's own {@code Message-ID}, as written; null when it has none
     */
    record Reports(List<RecipientReport> reports, String messageId) implements ParsedMessage {
        public Reports {
            reports = List.copyOf(reports);
            if (reports.isEmpty()) {
                throw new IllegalArgumentException("a parsed message has at least one report");
            }
        }
    }

    /**
     * A message that cannot be read (too large, not MIME, no header); the reason is for the dead
     * letter.
     */
    record Rejected(String reason) implements ParsedMessage {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
