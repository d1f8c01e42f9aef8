package io.bouncewatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bouncewatch.topology.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The topic definitions of {@code topics/topics.json}, with the names this run is configured to
 * use.
 */
public final class TopicDefinitions {

    /**
     * One topic to create or check.
     *
     * @param role stable identifier (sends, bounces, ...)
     * @param name the configured name
     * @param partitions partition count
     * @param cleanupPolicy delete or compact
     * @param retentionMs retention, -1 for ever
     * @param direction in, out or internal
     * @param maxMessageBytes the largest record batch the topic takes ({@code max.message.bytes});
     *     0 for the broker's default
     */
    public record Definition(
            String role,
            String name,
            int partitions,
            String cleanupPolicy,
            long retentionMs,
            String direction,
            int maxMessageBytes) {
        /**
         * Inputs and domain blocks must share one partition count so a mailbox meets all its
         * records.
         */
        public boolean coPartitioned() {
            return !"out".equals(direction);
        }
    }

    private TopicDefinitions() {}

    public static List<Definition> load(Topics topics) {
        Map<String, String> nameByRole =
                Map.ofEntries(
                        Map.entry("sends", topics.sends()),
                        Map.entry("bounces", topics.bounces()),
                        Map.entry("complaints", topics.complaints()),
                        Map.entry("commands", topics.commands()),
                        Map.entry("dsn", topics.dsn()),
                        Map.entry("status-changes", topics.statusChanges()),
                        Map.entry("mailbox-status", topics.mailboxStatus()),
                        Map.entry("domain-status", topics.domainStatus()),
                        Map.entry("dead-letters", topics.deadLetters()),
                        Map.entry("domain-blocks", topics.domainBlocks()),
                        Map.entry("suppressions", topics.suppressions()),
                        Map.entry("kumomta", topics.kumomta()),
                        Map.entry("postfix", topics.postfix()));
        try (InputStream in = TopicDefinitions.class.getResourceAsStream("/topics/topics.json")) {
            if (in == null) {
                throw new IllegalStateException("topics/topics.json is missing from the classpath");
            }
            List<Definition> out = new ArrayList<>();
            for (JsonNode t : new ObjectMapper().readTree(in).get("topics")) {
                String role = t.get("role").asText();
                String name = nameByRole.get(role);
                if (name == null) {
                    throw new IllegalStateException(
                            "topics.json has a topic of unknown role " + role);
                }
                out.add(
                        new Definition(
                                role,
                                name,
                                t.get("partitions").asInt(),
                                t.get("cleanupPolicy").asText(),
                                t.get("retentionMs").asLong(),
                                t.get("direction").asText(),
                                t.path("maxMessageBytes").asInt(0)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
