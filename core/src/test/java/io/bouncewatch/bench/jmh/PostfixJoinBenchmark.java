package io.bouncewatch.bench.jmh;

import io.bouncewatch.ingest.PostfixLine;
import io.bouncewatch.ingest.PostfixLines;
import io.bouncewatch.ingest.PostfixQueue;
import io.bouncewatch.topology.MonitorTopology;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.topology.TopologySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Postfix lines through the join. {@link #message} pipes the {@value #LINES} lines Postfix logs for
 * one message with a bounced recipient (cleanup, qmgr from, smtp bounced, smtp sent, qmgr removed)
 * through the whole topology, on Kafka Streams' test driver with RocksDB stores: parse, the
 * re-keying by queue id, the join and its store, and the send and bounce it writes read back to the
 * mailbox; lines per second are {@value #LINES} over its time. {@link #readAndJoin} is the join's
 * own work on those lines, without Kafka Streams.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PostfixJoinBenchmark {

    static final int LINES = 5;

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> postfix;
    private long message;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        stateDir = Files.createTempDirectory("postfix-join-bench");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "postfix-join-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver =
                new TopologyTestDriver(
                        MonitorTopology.build(TopologySettings.defaults()),
                        props,
                        Instant.parse("2026-11-22T10:00:00Z"));
        ByteArraySerializer bytes = new ByteArraySerializer();
        postfix = driver.createInputTopic(Topics.DEFAULTS.postfix(), bytes, bytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    /** The lines of the {@code n}th message, from one of 1,000 senders. */
    static List<byte[]> lines(long n) {
        String q = String.format(Locale.ROOT, "%010X", n);
        String from = "sender" + (n % 1_000) + "@acme.io";
        return List.of(
                line("postfix/cleanup[101]: " + q + ": message-id=<" + q + "@acme.io>"),
                line(
                        "postfix/qmgr[50]: "
                                + q
                                + ": from=<"
                                + from
                                + ">, size=2048, nrcpt=2 (queue active)"),
                line(
                        "postfix/smtp[103]: "
                                + q
                                + ": to=<gone"
                                + n
                                + "@remote.example>, relay=mx.remote.example[203.0.113.20]:25,"
                                + " delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced (host"
                                + " mx.remote.example[203.0.113.20] said: 550 5.1.1 User unknown (in"
                                + " reply to RCPT TO command))"),
                line(
                        "postfix/smtp[104]: "
                                + q
                                + ": to=<bob"
                                + n
                                + "@remote.example>, relay=mx.remote.example[203.0.113.20]:25,"
                                + " delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, status=sent (250 2.0.0"
                                + " Ok: queued as 7A1)"),
                line("postfix/qmgr[50]: " + q + ": removed"));
    }

    private static byte[] line(String text) {
        return ("Nov 22 10:00:00 mx1 " + text).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public long message() {
        for (byte[] line : lines(message++)) {
            postfix.pipeInput(null, line);
        }
        return message;
    }

    /** The events the join makes of one message's lines, read and joined in order. */
    @Benchmark
    public int readAndJoin() {
        PostfixQueue state = PostfixQueue.EMPTY;
        int events = 0;
        for (byte[] line : lines(message++)) {
            if (PostfixLines.read(line) instanceof PostfixLine.Read.Line read) {
                PostfixQueue.Step step = state.accept(read.line(), 0, 0);
                events += step.events().size();
                state = step.next() == null ? PostfixQueue.EMPTY : step.next();
            }
        }
        return events;
    }
}
