package io.bouncewatch.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.dsn.ParsedMessage;
import io.bouncewatch.dsn.RecipientReport;
import io.bouncewatch.rules.BounceClassifier;
import io.bouncewatch.rules.Category;
import io.bouncewatch.rules.Classification;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls the classification benchmarks once as plain Java: they measure what they say. Nothing is
 * timed.
 */
class ClassifyBenchmarkMethodsTest {

    @Test
    void theMixCoversTheKindsOfBounceAndTheBenchmarkCyclesThroughIt() {
        ClassifyBenchmark bench = new ClassifyBenchmark();
        bench.setUp();

        List<Category> categories = new ArrayList<>();
        for (int i = 0; i < ClassifyBenchmark.BOUNCES.size() * 2; i++) {
            categories.add(bench.classifyBounce().category());
        }

        List<Category> once =
                List.of(
                        Category.LIST,
                        Category.REPUTATION,
                        Category.THROTTLE,
                        Category.TRANSIENT,
                        Category.CONFIG,
                        Category.UNKNOWN);
        List<Category> twice = new ArrayList<>(once);
        twice.addAll(once);
        assertThat(categories).isEqualTo(twice);
    }

    @Test
    void theBounceThatMatchesNoRowTriesTheWholeTable() {
        Classification last =
                new BounceClassifier()
                        .classify(
                                ClassifyBenchmark.BOUNCES.get(
                                        ClassifyBenchmark.BOUNCES.size() - 1));

        assertThat(last.matchedBy()).isEqualTo("type HARD");
    }

    @Test
    void theTypicalDsnIsOneFailedRecipient() {
        ClassifyBenchmark bench = new ClassifyBenchmark();
        bench.setUp();

        ParsedMessage parsed = bench.parseTypicalDsn();

        assertThat(bench.dsn.length).isBetween(3_000, 3_500);
        assertThat(parsed).isInstanceOf(ParsedMessage.Reports.class);
        List<RecipientReport> reports = ((ParsedMessage.Reports) parsed).reports();
        assertThat(reports).hasSize(1).first().isInstanceOf(RecipientReport.Failure.class);
        assertThat(reports.get(0).recipient()).isEqualTo("kijitora@yahoo.example.co.jp");
    }
}
