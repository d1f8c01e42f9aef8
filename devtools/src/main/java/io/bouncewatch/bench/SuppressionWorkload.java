package io.bouncewatch.bench;

import io.bouncewatch.rules.Category;
import io.bouncewatch.traffic.BounceReplies;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The suppression phase's recipients: an import file of {@code imported} lines as Amazon SES
 * exports its suppression list (hard bounces, every fifth a complaint), a tenth as many other
 * recipients that get a LIST bounce, and the check requests: each {@value #CHECK_SIZE} distinct
 * recipients, half of them suppressed (imported or bounced), half never seen, in random order.
 */
final class SuppressionWorkload {

    static final int CHECK_SIZE = 10_000;

    /** One bounce event, keyed by its sending mailbox. */
    record Bounce(String mailbox, byte[] json) {}

    /** One check request's recipients, and those of them the answer must name. */
    record Check(List<String> recipients, Set<String> suppressed) {}

    private static final String SINCE = "2026-11-20T08:00:00Z";
    private static final long BOUNCED_AT = Instant.parse(SINCE).toEpochMilli();
    private static final int SENDERS = 1_000;

    private final int imported;
    private final long seed;
    private final List<BounceTemplate> replies;

    SuppressionWorkload(int imported, long seed) {
        if (imported < CHECK_SIZE) {
            throw new IllegalArgumentException(
                    "at least " + CHECK_SIZE + " imported recipients, for the check's half");
        }
        this.imported = imported;
        this.seed = seed;
        this.replies = BounceReplies.of(Category.LIST).stream().map(BounceTemplate::new).toList();
    }

    int imported() {
        return imported;
    }

    int bounced() {
        return imported / 10;
    }

    /** Every recipient the list holds once both are loaded. */
    int suppressed() {
        return imported + bounced();
    }

    static String importedRecipient(int i) {
        return "imported" + i + "@list" + (i % 997) + ".example";
    }

    /** Recipient {@code j} of the LIST bounces, at a domain that gives its reply. */
    String bouncedRecipient(int j) {
        List<String> domains = reply(j).reply.domains();
        return "gone"
                + j
                + "@"
                + (domains.isEmpty()
                        ? "company" + (j % 991) + ".example"
                        : domains.get(j % domains.size()));
    }

    private BounceTemplate reply(int j) {
        return replies.get(j % replies.size());
    }

    /** Writes the import file: a header row and one line per imported recipient. */
    void writeImportFile(Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("EmailAddress,Reason,LastUpdateTime\n");
            for (int i = 0; i < imported; i++) {
                out.write(importedRecipient(i));
                out.write(i % 5 == 4 ? ",COMPLAINT," : ",BOUNCE,");
                out.write(SINCE);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** LIST bounce {@code j}, from one of a thousand sending mailboxes. */
    Bounce bounce(int j) {
        String senderDomain = "sender" + (j % 50) + ".example";
        String mailbox = "ops" + (j % SENDERS) + "@" + senderDomain;
        String recipient = bouncedRecipient(j);
        String head =
                "{\"eventId\":\"sup-b-"
                        + j
                        + "\",\"mailbox\":\""
                        + mailbox
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"timestamp\":\""
                        + Instant.ofEpochMilli(BOUNCED_AT + j)
                        + "\"";
        return new Bounce(
                mailbox,
                reply(j).json(
                                head,
                                recipient,
                                recipient.substring(recipient.indexOf('@') + 1),
                                senderDomain));
    }

    /**
     * Check request {@code n}: half of its recipients drawn from the suppressed ones, half never
     * suppressed, shuffled; the same {@code n} gives the same request.
     */
    Check check(int n) {
        Random random = new Random(seed * 31 + n);
        Set<String> suppressed = new LinkedHashSet<>();
        while (suppressed.size() < CHECK_SIZE / 2) {
            int k = random.nextInt(suppressed());
            suppressed.add(k < imported ? importedRecipient(k) : bouncedRecipient(k - imported));
        }
        Set<String> fresh = new HashSet<>();
        while (fresh.size() < CHECK_SIZE - suppressed.size()) {
            fresh.add(
                    "fresh"
                            + random.nextInt(Integer.MAX_VALUE)
                            + "@list"
                            + random.nextInt(997)
                            + ".example");
        }
        List<String> recipients = new ArrayList<>(suppressed);
        recipients.addAll(fresh);
        Collections.shuffle(recipients, random);
        return new Check(List.copyOf(recipients), Set.copyOf(suppressed));
    }
}
