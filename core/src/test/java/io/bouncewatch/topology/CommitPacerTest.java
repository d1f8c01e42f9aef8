package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommitPacerTest {

    private final CommitPacer pacer = new CommitPacer(1_000);

    @Test
    void asksForACommitWhileTheInputsAreFresh() {
        pacer.processed(10_000);
        assertThat(pacer.commitNow(10_050)).isTrue();
    }

    @Test
    void leavesCommitsToTheLongIntervalWhenFurtherBehindThanIt() {
        pacer.processed(10_000);
        assertThat(pacer.commitNow(11_001)).isFalse();
    }

    @Test
    void isBehindOnlyWhenEvenTheNewestInputOfThePeriodIsOld() {
        pacer.processed(20_000);
        pacer.processed(1_000);
        pacer.processed(19_500);
        assertThat(pacer.commitNow(20_900)).as("a late-stamped input among fresh ones").isTrue();
    }

    @Test
    void exactlyTheLongestLagStillCommitsEarly() {
        pacer.processed(10_000);
        assertThat(pacer.commitNow(11_000)).isTrue();
    }

    @Test
    void asksForNothingWhenNothingWasProcessed() {
        assertThat(pacer.commitNow(10_000)).isFalse();
    }

    @Test
    void everyAnswerStartsANewPeriod() {
        pacer.processed(10_000);
        assertThat(pacer.commitNow(10_100)).isTrue();
        assertThat(pacer.commitNow(10_200)).as("nothing new since").isFalse();
        pacer.processed(5_000);
        assertThat(pacer.commitNow(10_300)).as("only an old input since").isFalse();
    }

    @Test
    void inputsStampedInTheFutureCountAsFresh() {
        pacer.processed(50_000);
        assertThat(pacer.commitNow(10_000)).isTrue();
    }

    @Test
    void refusesANegativeLag() {
        assertThatThrownBy(() -> new CommitPacer(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
