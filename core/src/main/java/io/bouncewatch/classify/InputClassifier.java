package io.bouncewatch.classify;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.dsn.ParsedMessage;
import io.bouncewatch.dsn.RecipientReport;
import io.bouncewatch.payload.Addresses;
import io.bouncewatch.payload.ClassifiableBounce;
import io.bouncewatch.payload.ClassifiedBounce;
import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MalformedRecordException;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.EnhancedStatus;
import io.bouncewatch.rules.SmtpCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Classifies what an operator hands in, one {@link ClassifiedBounce} per recipient, in input order.
 * The input is either JSON lines of BounceEvents (it starts with {@code {}; blank lines are
 * skipped) or one raw RFC 5322 message (anything else), read by the same parser as raw messages
 * on a topic. A line that is no valid BounceEvent, or a message that cannot be read, stops the
 * classification with {@link UnclassifiableInputException}. Thread-safe.
 */
public final class InputClassifier {

    /** Longest JSON line read: a Kafka record's default maximum. */
    public static final int MAX_LINE_BYTES = 1024 * 1024;

    /** Bytes looked at for the first character that tells JSON lines from a message. */
    private static final int SNIFF_BYTES = 4096;

    private final BounceClassifier classifier = new BounceClassifier();
    private final BounceMessageParser parser;
    private final int maxMessageBytes;

    public InputClassifier() {
        this(BounceMessageParser.DEFAULT_MAX_BYTES);
    }

    /**
     * @param maxMessageBytes the largest raw message read; a larger one is refused
     */
    public InputClassifier(int maxMessageBytes) {
        this.parser = new BounceMessageParser(maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Classifies JSON lines or a raw message, whichever the input is, handing each result over as
     * soon as it is known: JSON lines are read one line at a time, however long the input.
     *
     * @param source the input's name for the results (a file name), or null
     * @throws UnclassifiableInputException at the first line or message that cannot be classified
     */
    public void classify(InputStream input, String source, Consumer<ClassifiedBounce> results)
            throws IOException {
        BufferedInputStream in = new BufferedInputStream(input, 64 * 1024);
        if (startsWithJson(in)) {
            jsonLines(in, source, results);
        } else {
            byte[] raw = in.readNBytes(maxMessageBytes + 1);
            if (raw.length > maxMessageBytes) {
                throw new UnclassifiableInputException(
                        0, "a message larger than the limit of " + maxMessageBytes + " bytes");
            }
            message(raw, source).forEach(results);
        }
    }

    /** JSON lines of BounceEvents, whatever they start with. */
    public List<ClassifiedBounce> jsonLines(byte[] input, String source) {
        List<ClassifiedBounce> out = new ArrayList<>();
        try {
            jsonLines(new BufferedInputStream(new ByteArrayInputStream(input)), source, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** One raw message: a result per recipient it reports on. */
    public List<ClassifiedBounce> message(byte[] raw, String source) {
        ParsedMessage parsed = parser.parse(raw);
        if (parsed instanceof ParsedMessage.Rejected rejected) {
            throw new UnclassifiableInputException(0, rejected.reason());
        }
        List<ClassifiedBounce> out = new ArrayList<>();
        for (RecipientReport report : ((ParsedMessage.Reports) parsed).reports()) {
            BounceFacts facts =
                    report instanceof RecipientReport.Failure failure ? failure.facts() : null;
            out.add(
                    new ClassifiedBounce(
                            source,
                            address(report.recipient()),
                            address(report.mailbox()),
                            facts == null ? null : facts.enhancedStatus(),
                            facts == null ? null : facts.smtpCode(),
                            facts == null ? null : facts.diagnostic(),
                            report.classify(classifier)));
        }
        return out;
    }

    private void jsonLines(BufferedInputStream in, String source, Consumer<ClassifiedBounce> out)
            throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        int number = 0;
        boolean more = true;
        while (more) {
            line.reset();
            number++;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (line.size() == MAX_LINE_BYTES) {
                    throw new UnclassifiableInputException(
                            number, "longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.write(b);
            }
            more = b != -1;
            byte[] json = line.toByteArray();
            if (!isBlank(json)) {
                out.accept(event(json, number, source));
            }
        }
    }

    private ClassifiedBounce event(byte[] json, int number, String source) {
        ClassifiableBounce bounce;
        try {
            bounce = InputParser.classifiable(json);
        } catch (MalformedRecordException e) {
            throw new UnclassifiableInputException(number, e.getMessage());
        }
        BounceFacts facts = bounce.facts();
        // The codes as the classifier reads them: from the reply when the event names none.
        String status = EnhancedStatus.normalise(facts.enhancedStatus());
        if (status == null) {
            status = EnhancedStatus.find(facts.diagnostic());
        }
        Integer smtpCode =
                facts.smtpCode() != null ? facts.smtpCode() : SmtpCode.find(facts.diagnostic());
        return new ClassifiedBounce(
                source,
                address(facts.recipient()),
                bounce.mailbox(),
                status,
                smtpCode,
                facts.diagnostic(),
                classifier.classify(facts));
    }

    /** Whether the first character after a byte order mark and white space is an opening brace. */
    private static boolean startsWithJson(BufferedInputStream in) throws IOException {
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        int at =
                head.length >= 3
                                && (head[0] & 0xFF) == 0xEF
                                && (head[1] & 0xFF) == 0xBB
                                && (head[2] & 0xFF) == 0xBF
                        ? 3
                        : 0;
        while (at < head.length && isWhiteSpace(head[at])) {
            at++;
        }
        return at < head.length && head[at] == '{';
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (!isWhiteSpace(b)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhiteSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** An address in its normal form; as written, trimmed, when it is no valid address. */
    private static String address(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Addresses.normaliseMailbox(raw);
        } catch (IllegalArgumentException e) {
            return raw.strip();
        }
    }
}
