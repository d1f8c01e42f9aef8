package io.bouncewatch.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicDefinitionsTest {

    /** Outputs with a schema that no topic carries: what {@code classify} prints. */
    private static final List<String> ANSWERS = List.of("classification.schema.json");

    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    private static final List<String> FIELDS =
            List.of(
                    "role",
                    "name",
                    "direction",
                    "partitions",
                    "cleanupPolicy",
                    "retentionMs",
                    "keySchema",
                    "valueSchema",
                    "description");

    private final List<JsonNode> topics = readTopics();

    @Test
    void everyTopicHasEveryFieldWithItsType() {
        assertThat(topics).isNotEmpty();
        for (JsonNode topic : topics) {
            String where = "topic " + topic.path("name");
            List<String> fields = fieldNames(topic);
            fields.remove("maxMessageBytes");
            assertThat(fields).as(where).containsExactlyInAnyOrderElementsOf(FIELDS);
            assertThat(
                            topic.path("maxMessageBytes").isMissingNode()
                                    || topic.get("maxMessageBytes").isInt())
                    .as(where + " maxMessageBytes, when set, is an integer")
                    .isTrue();
            for (String text : List.of("role", "name", "keySchema", "description")) {
                assertThat(topic.get(text).isTextual() && !topic.get(text).asText().isBlank())
                        .as(where + " " + text + " is a non-blank string")
                        .isTrue();
            }
            assertThat(topic.get("direction").asText()).as(where).isIn("in", "out", "internal");
            assertThat(topic.get("cleanupPolicy").asText()).as(where).isIn("delete", "compact");
            assertThat(topic.get("partitions").isInt())
                    .as(where + " partitions is an integer")
                    .isTrue();
            assertThat(topic.get("partitions").asInt()).as(where).isPositive();
            assertThat(topic.get("retentionMs").isIntegralNumber())
                    .as(where + " retentionMs is an integer")
                    .isTrue();
            assertThat(topic.get("valueSchema").isTextual() || topic.get("valueSchema").isNull())
                    .as(where + " valueSchema is a file name or null")
                    .isTrue();
        }
    }

    @Test
    void rolesAndNamesAreTheContractDefaults() {
        Map<String, String> nameByRole = new LinkedHashMap<>();
        topics.forEach(t -> nameByRole.put(t.get("role").asText(), t.get("name").asText()));

        assertThat(nameByRole)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.ofEntries(
                                Map.entry("sends", "email.sends"),
                                Map.entry("bounces", "email.bounces"),
                                Map.entry("complaints", "email.complaints"),
                                Map.entry("commands", "mailbox.commands"),
                                Map.entry("dsn", "email.dsn"),
                                Map.entry("status-changes", "health.status-changes"),
                                Map.entry("mailbox-status", "mailbox.status"),
                                Map.entry("domain-status", "domain.status"),
                                Map.entry("dead-letters", "health.dead-letters"),
                                Map.entry("domain-blocks", "health.domain-blocks"),
                                Map.entry("suppressions", "recipient.suppressions"),
                                Map.entry("kumomta", "ingest.kumomta"),
                                Map.entry("postfix", "ingest.postfix")));
    }

    @Test
    void namesAndRolesAreUnique() {
        assertThat(values("name")).doesNotHaveDuplicates();
        assertThat(values("role")).doesNotHaveDuplicates();
    }

    @Test
    void inputsAreTheTopicsSendersOperatorsAndMailServersWrite() {
        assertThat(namesWhere("direction", "in"))
                .containsExactlyInAnyOrder(
                        "email.sends",
                        "email.bounces",
                        "email.complaints",
                        "mailbox.commands",
                        "email.dsn",
                        "ingest.kumomta",
                        "ingest.postfix");
    }

    /**
     * A raw message too large to read goes to the dead letters whole: the dead-letter topic takes
     * the largest record of email.dsn with room for the headers that say why, and is the largest
     * record the monitor writes (its producer's request limit).
     */
    @Test
    void theDeadLettersTakeTheLargestRawMessageWithRoomForTheirHeaders() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        topics.stream()
                .filter(t -> t.has("maxMessageBytes"))
                .forEach(t -> limits.put(t.get("name").asText(), t.get("maxMessageBytes").asInt()));

        assertThat(limits)
                .containsOnlyKeys("email.dsn", "health.dead-letters")
                .containsEntry("health.dead-letters", Topics.MAX_RECORD_BYTES);
        assertThat(limits.get("email.dsn") + 64 * 1024)
                .isLessThanOrEqualTo(Topics.MAX_RECORD_BYTES);
        assertThat(limits.get("email.dsn")).isGreaterThan(BounceMessageParser.DEFAULT_MAX_BYTES);
    }

    @Test
    void inputAndDomainBlockTopicsShareOnePartitionCountSoThatAMailboxMeetsItsEventsInOneTask() {
        Set<Integer> counts =
                topics.stream()
                        .filter(t -> !t.get("direction").asText().equals("out"))
                        .map(t -> t.get("partitions").asInt())
                        .collect(Collectors.toSet());

        assertThat(counts).hasSize(1);
    }

    @Test
    void onlyTheLatestStateTopicsAreCompactedAndKeptForever() {
        assertThat(namesWhere("cleanupPolicy", "compact"))
                .containsExactlyInAnyOrder(
                        "mailbox.status", "domain.status", "recipient.suppressions");
        for (JsonNode topic : topics) {
            if (topic.get("cleanupPolicy").asText().equals("compact")) {
                assertThat(topic.get("retentionMs").asLong())
                        .as(topic.get("name").asText())
                        .isEqualTo(-1L);
            }
        }
    }

    @Test
    void retentionKeepsInputsAWeekAndTheAuditTrailAMonth() {
        for (JsonNode topic : topics) {
            String name = topic.get("name").asText();
            long retention = topic.get("retentionMs").asLong();
            if (topic.get("direction").asText().equals("in")) {
                assertThat(retention).as(name).isEqualTo(7 * DAY_MS);
            } else if (name.equals("health.status-changes") || name.equals("health.dead-letters")) {
                assertThat(retention).as(name).isEqualTo(30 * DAY_MS);
            }
        }
    }

    @Test
    void onlyRawMessagesMailServerLogsDeadLettersAndDomainBlocksHaveNoJsonSchema() {
        assertThat(
                        topics.stream()
                                .filter(t -> t.get("valueSchema").isNull())
                                .map(t -> t.get("name").asText()))
                .containsExactlyInAnyOrder(
                        "email.dsn",
                        "ingest.kumomta",
                        "ingest.postfix",
                        "health.dead-letters",
                        "health.domain-blocks");
    }

    @Test
    void everyValueSchemaExistsIsJsonAndIsAValidDraft202012Schema() {
        JsonSchema metaSchema =
                JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                        .getSchema(
                                SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (String file : schemaFiles()) {
            Path path = JsonSchemas.schemaDir().resolve(file);
            assertThat(path).as(file).isRegularFile();

            JsonNode schema = JsonSchemas.readJson(path);

            assertThat(schema.path("$schema").asText())
                    .as(file)
                    .isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.path("$id").asText())
                    .as(file)
                    .isEqualTo(JsonSchemas.ID_PREFIX + file);
            Set<ValidationMessage> problems = metaSchema.validate(schema);
            assertThat(problems).as(file + " against the 2020-12 meta-schema").isEmpty();
        }
    }

    @Test
    void everySchemaFileBelongsToATopicOrAnAnswer() throws IOException {
        try (Stream<Path> files = Files.list(JsonSchemas.schemaDir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(schemaFiles());
        }
    }

    private static List<JsonNode> readTopics() {
        List<JsonNode> result = new ArrayList<>();
        JsonSchemas.readJson(JsonSchemas.topicsDir().resolve("topics.json"))
                .path("topics")
                .forEach(result::add);
        return result;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<String> values(String field) {
        return topics.stream().map(t -> t.get(field).asText()).collect(Collectors.toList());
    }

    private List<String> namesWhere(String field, String value) {
        return topics.stream()
                .filter(t -> t.get(field).asText().equals(value))
                .map(t -> t.get("name").asText())
                .collect(Collectors.toList());
    }

    /** The topics' value schemas, and those of the outputs that are no topic's value. */
    private List<String> schemaFiles() {
        Set<String> files =
                topics.stream()
                        .filter(t -> t.get("valueSchema").isTextual())
                        .map(t -> t.get("valueSchema").asText())
                        .collect(Collectors.toCollection(HashSet::new));
        files.addAll(ANSWERS);
        return new ArrayList<>(files);
    }
}
