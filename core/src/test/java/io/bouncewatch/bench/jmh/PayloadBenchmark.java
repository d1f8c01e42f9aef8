package io.bouncewatch.bench.jmh;

import io.bouncewatch.payload.InputParser;
import io.bouncewatch.payload.MailboxHealth;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.MailboxEvent;
import java.nio.charset.StandardCharsets;
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
 * The JSON ends of every event: parsing one input send, and writing the MailboxHealth that goes to
 * {@code mailbox.status} after each counted event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PayloadBenchmark {

    /** A send as producers publish it, with the optional fields the monitor skips unread. */
    static final String SEND_JSON =
            "{\"eventId\":\"s-1030\",\"mailbox\":\" Alice@Acme.io \","
                    + "\"recipient\":\"bob@example.org\",\"timestamp\":\"2026-11-22T17:18:00Z\","
                    + "\"campaignId\":\"winter-newsletter\"}";

    byte[] sendJson;
    long recordTimestamp;
    long now;
    MailboxHealth health;

    @Setup
    public void setUp() {
        sendJson = SEND_JSON.getBytes(StandardCharsets.UTF_8);
        recordTimestamp = BenchmarkInputs.NOW;
        now = BenchmarkInputs.NOW;
        health =
                MailboxHealth.of(
                        BenchmarkInputs.MAILBOX,
                        BenchmarkInputs.midWindowMailbox(),
                        BenchmarkInputs.RULES,
                        false);
    }

    @Benchmark
    public MailboxEvent.Send parseSend() {
        return InputParser.send(sendJson, recordTimestamp, now);
    }

    @Benchmark
    public byte[] writeMailboxHealth() {
        return PayloadWriter.write(health);
    }
}
