package io.bouncewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * Pins the names of every processor, store and internal topic. Kafka Streams derives changelog and
 * repartition topics from these names, so a rename in production starts from empty state and leaves
 * the old topics orphaned: it must be a conscious change, made by updating the committed file.
 */
class MonitorTopologyDescriptionTest {

    private static final String PINNED = "/topology-description.txt";
    private static final String REPARTITION = "-repartition";
    private static final Path ACTUAL = Path.of("target", "topology-description.actual.txt");

    private static TopologyDescription describe() {
        return MonitorTopology.build(TopologySettings.defaults()).describe();
    }

    @Test
    void topologyDescriptionMatchesTheCommittedFile() throws IOException {
        String actual = describe().toString();
        String pinned = null;
        try (InputStream in = MonitorTopologyDescriptionTest.class.getResourceAsStream(PINNED)) {
            if (in != null) {
                pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (!actual.equals(pinned)) {
            Files.createDirectories(ACTUAL.getParent());
            Files.writeString(ACTUAL, actual);
        }
        assertThat(actual)
                .as(
                        "The topology changed. A renamed processor, store or repartition topic orphans its state and "
                                + "topics in production: update src/test/resources"
                                + PINNED
                                + " consciously (the new "
                                + "description was written to "
                                + ACTUAL
                                + ") and plan the migration.")
                .isEqualTo(pinned);
    }

    @Test
    void withoutWriteBehindTheTopologyKeepsEveryNameAndOnlyLosesTheFlushStore() throws IOException {
        String actual =
                MonitorTopology.build(TopologySettings.defaults().withWriteBehind(false))
                        .describe()
                        .toString();
        String pinned;
        try (InputStream in = MonitorTopologyDescriptionTest.class.getResourceAsStream(PINNED)) {
            pinned = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(actual)
                .isEqualTo(pinned.replace(", " + MonitorTopology.MAILBOX_FLUSH_STORE + ",", ","));
    }

    @Test
    void stateStoresHaveTheirStableNames() {
        assertThat(storeNames())
                .containsExactlyInAnyOrder(
                        "mailbox-state",
                        "mailbox-state-flush",
                        "mailbox-cooldowns",
                        "mailbox-history",
                        "domain-blocks",
                        "domain-history",
                        "domain-members",
                        "domain-state",
                        "recipient-suppressions",
                        "recipient-suppression-deadlines",
                        "postfix-queues");
    }

    @Test
    void runningTopologyHoldsExactlyTheNamedStores() {
        try (TopologyHarness harness = new TopologyHarness()) {
            assertThat(harness.storeNames()).isEqualTo(storeNames());
        }
    }

    @Test
    void storeNameConstantsAreTheNamesInTheTopology() {
        assertThat(storeNames())
                .contains(
                        MonitorTopology.MAILBOX_STORE,
                        MonitorTopology.MAILBOX_FLUSH_STORE,
                        MonitorTopology.COOLDOWN_STORE,
                        MonitorTopology.DOMAIN_BLOCK_STORE,
                        MonitorTopology.DOMAIN_MEMBERS_STORE,
                        MonitorTopology.DOMAIN_STORE,
                        MonitorTopology.SUPPRESSION_STORE,
                        MonitorTopology.SUPPRESSION_DEADLINE_STORE,
                        MonitorTopology.POSTFIX_STORE);
    }

    /**
     * The design re-keys in exactly five places: misrouted mailbox inputs, mailbox summaries to
     * their domain, domain commands, what can suppress a recipient to the recipient, and Postfix
     * lines to their queue id. Any other repartition topic is an extra round trip through the
     * brokers for every record that crosses it.
     */
    @Test
    void repartitionTopicsAreTheFiveOfTheDesign() {
        assertThat(repartitionTopics())
                .containsExactlyInAnyOrder(
                        "mailbox-rekey-repartition",
                        "domain-members-repartition",
                        "domain-commands-repartition",
                        "suppression-rekey-repartition",
                        "postfix-queue-ids-repartition");
    }

    @Test
    void readsTheContractInputsAndTheDomainBlockFeedback() {
        assertThat(withoutRepartitionTopics(sourceTopics()))
                .containsExactlyInAnyOrder(
                        "email.sends",
                        "email.bounces",
                        "email.complaints",
                        "mailbox.commands",
                        "email.dsn",
                        "ingest.kumomta",
                        "ingest.postfix",
                        "health.domain-blocks");
    }

    /** The Postfix join writes the sends and bounces it makes as a sender would. */
    @Test
    void writesTheContractOutputsTheDomainBlockFeedbackAndThePostfixEvents() {
        assertThat(withoutRepartitionTopics(sinkTopics()))
                .containsExactlyInAnyOrder(
                        "email.sends",
                        "email.bounces",
                        "health.status-changes",
                        "mailbox.status",
                        "domain.status",
                        "health.dead-letters",
                        "health.domain-blocks",
                        "recipient.suppressions");
    }

    private static Set<String> storeNames() {
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        return stores;
    }

    private static Set<String> sourceTopics() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }

    private static Set<String> sinkTopics() {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : describe().subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sink.topic() != null) {
                    topics.add(sink.topic());
                }
            }
        }
        return topics;
    }

    private static Set<String> repartitionTopics() {
        Set<String> topics = new TreeSet<>(sourceTopics());
        topics.addAll(sinkTopics());
        topics.removeIf(topic -> !topic.endsWith(REPARTITION));
        return topics;
    }

    private static Set<String> withoutRepartitionTopics(Set<String> topics) {
        Set<String> out = new TreeSet<>(topics);
        out.removeIf(topic -> topic.endsWith(REPARTITION));
        return out;
    }
}
