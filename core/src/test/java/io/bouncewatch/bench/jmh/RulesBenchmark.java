package io.bouncewatch.bench.jmh;

import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxRules;
import io.bouncewatch.rules.MailboxState;
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
 * One mailbox decision of the rules, the pure part of what the mailbox processor does per event.
 * The stored state is immutable, so every invocation decides on the same mailbox and event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RulesBenchmark {

    MailboxRules rules;
    MailboxState midWindow;
    MailboxEvent send;
    MailboxEvent hardBounce;
    long now;

    @Setup
    public void setUp() {
        rules = BenchmarkInputs.RULES;
        midWindow = BenchmarkInputs.midWindowMailbox();
        send = BenchmarkInputs.nextSend();
        hardBounce = BenchmarkInputs.nextHardBounce();
        now = BenchmarkInputs.NOW;
    }

    /** The common case: a send on a HEALTHY mailbox, counted, no status change. */
    @Benchmark
    public MailboxDecision sendOnHealthyMailbox() {
        return rules.onEvent(midWindow, send, now);
    }

    /** A HARD bounce that changes the status: HEALTHY to WARNING (early warning). */
    @Benchmark
    public MailboxDecision bounceToWarning() {
        return rules.onEvent(midWindow, hardBounce, now);
    }

    /**
     * The risk score, which the processor computes for the new and the stored state of every event.
     */
    @Benchmark
    public int riskScore() {
        return rules.riskScore(midWindow);
    }
}
