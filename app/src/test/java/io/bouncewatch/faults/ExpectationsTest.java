package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bouncewatch.runtime.KafkaTestClients;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The fault tests' checks must catch what they look for: a check that never fails proves nothing.
 */
class ExpectationsTest {

    private final List<ConsumerRecord<String, String>> changes = new ArrayList<>();

    private void change(String key, String from, String to, String cause) {
        String causeJson = cause == null ? "null" : "\"" + cause + "\"";
        changes.add(
                new ConsumerRecord<>(
                        "health.status-changes",
                        0,
                        changes.size(),
                        key,
                        "{\"entity\":\"MAILBOX\",\"id\":\""
                                + key
                                + "\",\"from\":\""
                                + from
                                + "\",\"to\":\""
                                + to
                                + "\",\"reason\":\"X\",\"causeEventId\":"
                                + causeJson
                                + "}"));
    }

    @Test
    void aCleanChainPasses() {
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        change("b@x.io", "HEALTHY", "PAUSED", "b-9");
        change("a@x.io", "WARNING", "HEALTHY", "s-2");
        change("a@x.io", "HEALTHY", "WARNING", "b-3");
        change("a@x.io", "WARNING", "PAUSED", "b-4");
        Expectations.assertCleanChains(changes);
    }

    @Test
    void aRepeatedTransitionIsCaught() {
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        assertThat(Expectations.chainViolations(changes))
                .singleElement()
                .asString()
                .contains("DUPLICATE");
    }

    @Test
    void aReplayedTransitionFurtherBackIsCaught() {
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        change("a@x.io", "WARNING", "HEALTHY", "s-2");
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        assertThat(Expectations.chainViolations(changes))
                .singleElement()
                .asString()
                .contains("DUPLICATE transition for the same cause");
    }

    @Test
    void aBrokenOrBadlyStartedChainIsCaught() {
        change("a@x.io", "WARNING", "PAUSED", "b-5");
        change("b@x.io", "HEALTHY", "WARNING", "b-1");
        change("b@x.io", "HEALTHY", "PAUSED", "b-2");
        assertThat(Expectations.chainViolations(changes))
                .hasSize(2)
                .anySatisfy(
                        v -> assertThat(v).startsWith("a@x.io").contains("does not leave HEALTHY"))
                .anySatisfy(v -> assertThat(v).startsWith("b@x.io").contains("BROKEN"));
        assertThatThrownBy(() -> Expectations.assertCleanChains(changes))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void lostAndDoubleCountedEventsAreCaught() {
        Expectations expectations =
                new Expectations(
                        Map.of(
                                "a@x.io", new Workload.Totals(10, 2),
                                "b@x.io", new Workload.Totals(5, 0),
                                "c@x.io", new Workload.Totals(1, 1)));
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        latest.put("a@x.io", health(10, 2));
        latest.put("b@x.io", health(6, 0));
        Expectations.Comparison c = expectations.compare(latest);
        assertThat(c.exact()).isEqualTo(1);
        assertThat(c.missing()).containsExactly("c@x.io");
        assertThat(c.over()).containsOnlyKeys("b@x.io");
        assertThat(c.extraSends()).isEqualTo(1);
        assertThat(c.lostSends()).isEqualTo(1);
        assertThat(c.lostBounces()).isEqualTo(1);
        assertThatThrownBy(() -> expectations.assertCaughtUp(latest))
                .isInstanceOf(AssertionError.class);

        latest.put("c@x.io", health(1, 1));
        expectations.assertCaughtUp(latest);
        assertThatThrownBy(() -> expectations.assertExactTotals(latest))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 over-counted");
    }

    @Test
    void finalStatusesAndDomainAggregatesAreChecked() {
        change("a@x.io", "HEALTHY", "WARNING", "b-1");
        Map<String, JsonNode> mailboxes = new LinkedHashMap<>();
        mailboxes.put(
                "a@x.io",
                KafkaTestClients.json(
                        "{\"status\":\"WARNING\",\"blockedBy\":\"DOMAIN\",\"sendingAllowed\":false}"));
        mailboxes.put(
                "b@x.io",
                KafkaTestClients.json(
                        "{\"status\":\"HEALTHY\",\"blockedBy\":\"DOMAIN\",\"sendingAllowed\":false}"));
        Expectations.assertFinalStatusesMatchLastChange(mailboxes, changes);
        Map<String, JsonNode> domains =
                Map.of(
                        "x.io",
                        KafkaTestClients.json(
                                "{\"status\":\"PAUSED\",\"totalMailboxes\":2,\"unhealthyMailboxes\":1}"));
        Expectations.assertDomainsAgreeWithMailboxes(mailboxes, domains);

        mailboxes.put(
                "b@x.io",
                KafkaTestClients.json(
                        "{\"status\":\"HEALTHY\",\"blockedBy\":null,\"sendingAllowed\":true}"));
        assertThatThrownBy(() -> Expectations.assertDomainsAgreeWithMailboxes(mailboxes, domains))
                .hasMessageContaining("b@x.io");
        mailboxes.put(
                "a@x.io",
                KafkaTestClients.json(
                        "{\"status\":\"HEALTHY\",\"blockedBy\":\"DOMAIN\",\"sendingAllowed\":false}"));
        assertThatThrownBy(
                        () -> Expectations.assertFinalStatusesMatchLastChange(mailboxes, changes))
                .hasMessageContaining("a@x.io");
    }

    @Test
    void theWorkloadIsReproducibleAndItsTotalsAddUp() {
        Workload one = Workload.generate(7, 300, 12, 3_000);
        Workload two = Workload.generate(7, 300, 12, 3_000);
        assertThat(one.events()).isEqualTo(two.events());
        assertThat(one.expectedTotals()).hasSize(300);
        assertThat(
                        one.expectedTotals().values().stream()
                                .mapToLong(t -> t.sends() + t.bounces())
                                .sum())
                .isEqualTo(3_000);
        assertThat(
                        one.events().stream()
                                .map(e -> e.json().substring(0, e.json().indexOf(',')))
                                .distinct()
                                .count())
                .as("unique event ids")
                .isEqualTo(3_000);
        assertThat(one.batchEnds(4)).containsExactly(750, 1_500, 2_250, 3_000);
    }

    private static JsonNode health(long sends, long bounces) {
        return KafkaTestClients.json(
                "{\"totalSends\":" + sends + ",\"totalBounces\":" + bounces + "}");
    }
}
