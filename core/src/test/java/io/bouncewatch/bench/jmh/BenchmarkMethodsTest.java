package io.bouncewatch.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.rules.Evidence;
import io.bouncewatch.rules.MailboxDecision;
import io.bouncewatch.rules.MailboxEvent;
import io.bouncewatch.rules.MailboxState;
import io.bouncewatch.rules.MailboxWindow;
import io.bouncewatch.rules.Reason;
import io.bouncewatch.rules.Status;
import io.bouncewatch.rules.Transition;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Calls every JMH benchmark method once, as plain Java, and checks it measures what it says: the
 * inputs are the realistic ones described and each result is the right one. Nothing is timed.
 */
class BenchmarkMethodsTest {

    @Test
    void theSharedMailboxIsHealthyInTheMiddleOfItsWindowWithAnHourOfSendIds() {
        MailboxState state = BenchmarkInputs.midWindowMailbox();

        assertThat(state.status()).isEqualTo(Status.HEALTHY);
        assertThat(state.window()).isEqualTo(MailboxWindow.of(80, 1, 0));
        assertThat(state.totalSends()).isEqualTo(1_030);
        assertThat(state.totalBounces()).isEqualTo(8);
        assertThat(state.recentSends().size()).isEqualTo(52);
        assertThat(state.recentReports().size()).isEqualTo(8);
    }

    @Test
    void aSendOnTheHealthyMailboxIsCountedWithoutAStatusChange() {
        RulesBenchmark bench = new RulesBenchmark();
        bench.setUp();

        MailboxDecision decision = bench.sendOnHealthyMailbox();

        assertThat(decision.counted()).isTrue();
        assertThat(decision.transition()).isEmpty();
        assertThat(decision.state().status()).isEqualTo(Status.HEALTHY);
        assertThat(decision.state().window()).isEqualTo(MailboxWindow.of(81, 1, 0));
    }

    @Test
    void theHardBounceTakesTheMailboxToWarning() {
        RulesBenchmark bench = new RulesBenchmark();
        bench.setUp();

        MailboxDecision decision = bench.bounceToWarning();

        assertThat(decision.counted()).isTrue();
        assertThat(decision.transition())
                .contains(
                        new Transition(
                                Status.HEALTHY,
                                Status.WARNING,
                                Reason.BOUNCE_RATE,
                                BenchmarkInputs.NOW,
                                new Evidence(Evidence.Rule.BOUNCE_RATE, 0.02, 0.025)));
        assertThat(decision.state().status()).isEqualTo(Status.WARNING);
    }

    @Test
    void theRiskScoreIsTheShareOfThePauseBounceCount() {
        RulesBenchmark bench = new RulesBenchmark();
        bench.setUp();

        // 1.25% of the 3% that pauses, more than 1 window bounce of the 5 that pause.
        assertThat(bench.riskScore()).isEqualTo(41);
    }

    @Test
    void theStateSerdeRoundTripsTheRealisticStateInItsDocumentedSize() {
        StateSerdeBenchmark bench = new StateSerdeBenchmark();
        bench.setUp();

        byte[] bytes = bench.serialize();
        bench.bytes = bytes;
        MailboxState read = bench.deserialize();

        assertThat(bytes).hasSize(StateSerdeBenchmark.REALISTIC_STATE_BYTES);
        assertThat(read).isEqualTo(bench.state);
    }

    @Test
    void theSendIsParsedAndNormalised() {
        PayloadBenchmark bench = new PayloadBenchmark();
        bench.setUp();

        MailboxEvent.Send send = bench.parseSend();

        assertThat(send)
                .isEqualTo(
                        new MailboxEvent.Send(
                                "s-1030", BenchmarkInputs.MAILBOX, BenchmarkInputs.NOW));
    }

    @Test
    void theMailboxHealthIsWrittenAsJson() throws IOException {
        PayloadBenchmark bench = new PayloadBenchmark();
        bench.setUp();

        JsonNode json = new ObjectMapper().readTree(bench.writeMailboxHealth());

        assertThat(json.get("mailbox").asText()).isEqualTo(BenchmarkInputs.MAILBOX);
        assertThat(json.get("status").asText()).isEqualTo("HEALTHY");
        assertThat(json.get("windowSends").asInt()).isEqualTo(80);
        assertThat(json.get("windowBounces").asInt()).isEqualTo(1);
        assertThat(json.get("riskScore").asInt()).isEqualTo(41);
        assertThat(json.get("sendingAllowed").asBoolean()).isTrue();
    }

    @Test
    void oneMessagesPostfixLinesJoinIntoItsTwoSendsAndOneBounce() {
        PostfixJoinBenchmark bench = new PostfixJoinBenchmark();

        assertThat(PostfixJoinBenchmark.lines(7)).hasSize(PostfixJoinBenchmark.LINES);
        assertThat(bench.readAndJoin()).isEqualTo(3);
    }
}
