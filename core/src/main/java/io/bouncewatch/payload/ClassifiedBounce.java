package io.bouncewatch.payload;

import io.bouncewatch.rules.Classification;
import java.util.Objects;

/**
 * One line of {@code classify}'s output and of {@code POST /api/classify}'s results: a recipient of
 * the input, what its bounce says and what that means.
 *
 * @param source where the input came from (a file name), or null
 * @param recipient the failed recipient, or null when the input does not say
 * @param mailbox the original sender, or null when a raw message does not say
 * @param enhancedStatus the RFC 3463 status the classifier read, or null
 * @param smtpCode the SMTP reply code the classifier read, or null
 * @param diagnostic the remote server's reply or the bounce's explanation, or null
 * @param classification its category, class, provider and the rule that matched
 */
public record ClassifiedBounce(
        String source,
        String recipient,
        String mailbox,
        String enhancedStatus,
        Integer smtpCode,
        String diagnostic,
        Classification classification) {
    public ClassifiedBounce {
        Objects.requireNonNull(classification, "classification");
    }
}
