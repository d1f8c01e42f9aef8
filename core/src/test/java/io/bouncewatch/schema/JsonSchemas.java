package io.bouncewatch.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON payloads against the topic schemas under {@code topics/schemas/}, so that tests
 * can check every record the topology writes (and every example we document) against the published
 * contract.
 */
public final class JsonSchemas {

    /** Prefix of every schema's {@code $id}; the file name follows it. */
    public static final String ID_PREFIX = "https://bouncewatch.io/schemas/";

    // Strict parsing: a duplicated key or trailing garbage in our own output is a bug, not
    // something to forgive.
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder()
                    // 2020-12 treats "format" as an annotation only; we want bad timestamps to
                    // fail.
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_PATH)
                    // Messages in English whatever the machine's locale, so that tests can match
                    // field names and words.
                    .locale(Locale.ROOT)
                    .build();

    // The $id URLs are not served anywhere: resolve them (and any cross-file $ref) to the local
    // files.
    private static final JsonSchemaFactory FACTORY =
            JsonSchemaFactory.getInstance(
                    SpecVersion.VersionFlag.V202012,
                    builder ->
                            builder.schemaMappers(
                                    mappers ->
                                            mappers.mapPrefix(
                                                    ID_PREFIX, schemaDir().toUri().toString())));

    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {}

    /**
     * Throws an {@link AssertionError} listing every violation and the JSON when {@code json} does
     * not conform to {@code topics/schemas/<schemaFile>}.
     */
    public static void assertValid(String schemaFile, String json) {
        Set<String> violations = violations(schemaFile, json);
        if (!violations.isEmpty()) {
            throw new AssertionError(
                    "JSON does not conform to "
                            + schemaFile
                            + ":\n  - "
                            + String.join("\n  - ", violations)
                            + "\nJSON: "
                            + json);
        }
    }

    /**
     * Every violation of {@code topics/schemas/<schemaFile>} by {@code json}, sorted, each naming
     * the JSON path of the offending node (e.g. {@code $.mailbox: ...} or {@code $: required
     * property 'eventId' not found}); empty when valid. JSON that does not parse is one violation.
     */
    public static Set<String> violations(String schemaFile, String json) {
        JsonSchema schema = schema(schemaFile);
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return Set.of("$: not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            return Set.of("$: not valid JSON: empty input");
        }
        Set<String> messages = new TreeSet<>();
        for (ValidationMessage message : schema.validate(node)) {
            messages.add(message.getMessage());
        }
        return Collections.unmodifiableSet(messages);
    }

    /**
     * The {@code valueSchema} of the topic with this default name in {@code topics/topics.json}, or
     * null.
     */
    public static String schemaFileForTopic(String topicName) {
        for (JsonNode topic : readJson(topicsDir().resolve("topics.json")).path("topics")) {
            if (topic.path("name").asText().equals(topicName)) {
                JsonNode schema = topic.path("valueSchema");
                return schema.isTextual() ? schema.asText() : null;
            }
        }
        throw new IllegalArgumentException(
                "no topic named " + topicName + " in topics/topics.json");
    }

    static Path topicsDir() {
        return Repository.path("topics");
    }

    static Path schemaDir() {
        return topicsDir().resolve("schemas");
    }

    static JsonNode readJson(Path file) {
        try {
            return MAPPER.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static JsonSchema schema(String schemaFile) {
        return CACHE.computeIfAbsent(schemaFile, JsonSchemas::load);
    }

    private static JsonSchema load(String schemaFile) {
        Path file = schemaDir().resolve(schemaFile);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no schema " + file);
        }
        JsonSchema schema =
                FACTORY.getSchema(
                        SchemaLocation.of(ID_PREFIX + schemaFile), readJson(file), CONFIG);
        // Resolve every $ref now, so that a broken schema fails here rather than on the first
        // payload that uses it.
        schema.initializeValidators();
        return schema;
    }
}
