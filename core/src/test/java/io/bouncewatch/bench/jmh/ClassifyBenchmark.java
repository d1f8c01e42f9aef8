package io.bouncewatch.bench.jmh;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.dsn.ParsedMessage;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.BounceFacts;
import io.bouncewatch.rules.BounceType;
import io.bouncewatch.rules.Classification;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Classifying one bounce, and reading one typical raw bounce message. Sampled, so the result has
 * percentiles: the budgets are a p99 under 50 us to classify and under 500 us to parse.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClassifyBenchmark {

    /**
     * Bounces as producers report them, one of each kind the monitor tells apart, across providers;
     * the last matches no row, the longest path through the table.
     */
    static final List<BounceFacts> BOUNCES =
            List.of(
                    bounce(
                            "bob@example.org",
                            "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in"
                                    + " virtual mailbox table",
                            "5.1.1",
                            550,
                            BounceType.HARD),
                    bounce(
                            "carol@gmail.com",
                            "550-5.7.1 [192.0.2.1] Our system has detected that this message is likely"
                                    + " suspicious due to the very low reputation of the sending IP address. To best protect our"
                                    + " users from spam, the message has been blocked. - gsmtp",
                            "5.7.1",
                            550,
                            BounceType.HARD),
                    bounce(
                            "dave@outlook.com",
                            "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited"
                                    + " due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster",
                            "4.7.650",
                            451,
                            BounceType.SOFT),
                    bounce(
                            "erin@example.net",
                            "452 4.2.2 <erin@example.net>: Recipient address rejected: Mailbox full",
                            "4.2.2",
                            452,
                            BounceType.SOFT),
                    bounce(
                            "frank@yahoo.com",
                            "550 5.7.26 This message does not pass authentication checks (SPF and DKIM"
                                    + " both do not pass). DMARC policy is reject.",
                            "5.7.26",
                            550,
                            BounceType.HARD),
                    bounce(
                            "grace@example.com",
                            "554 5.0.0 Sorry, your message could not be accepted at this time by"
                                    + " the receiving system of example.com, reference 7f3e2a",
                            "5.0.0",
                            554,
                            BounceType.HARD));

    /**
     * A Postfix delivery-status report of 3.2 KB with the returned message, from the test corpus.
     */
    static final String TYPICAL_DSN = "/corpus/sisimai/eml/lhost-postfix-68.eml";

    BounceClassifier classifier;
    BounceMessageParser parser;
    byte[] dsn;
    int next;

    private static BounceFacts bounce(
            String recipient, String diagnostic, String status, int code, BounceType type) {
        return new BounceFacts(null, diagnostic, status, code, type, recipient, null, null);
    }

    @Setup
    public void setUp() {
        classifier = new BounceClassifier();
        parser = new BounceMessageParser();
        try (InputStream in = ClassifyBenchmark.class.getResourceAsStream(TYPICAL_DSN)) {
            dsn = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One bounce of the mix, a different one each call. */
    @Benchmark
    public Classification classifyBounce() {
        BounceFacts facts = BOUNCES.get(next);
        next = next + 1 == BOUNCES.size() ? 0 : next + 1;
        return classifier.classify(facts);
    }

    @Benchmark
    public ParsedMessage parseTypicalDsn() {
        return parser.parse(dsn);
    }
}
