package io.bouncewatch.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.payload.ClassifiedBounce;
import io.bouncewatch.payload.PayloadWriter;
import io.bouncewatch.rules.BounceClass;
import io.bouncewatch.rules.Category;
import io.bouncewatch.schema.JsonSchemas;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Classification that {@code classify} prints validates against its published schema: the
 * whole bounce corpus, a feedback report, an auto-reply and JSON-line events of every kind.
 */
class ClassificationSchemaTest {

    private static final String SCHEMA = "classification.schema.json";

    private final InputClassifier classifier = new InputClassifier();

    @Test
    void everyClassificationOfTheCorpusAndOfEventsValidates() throws IOException {
        List<ClassifiedBounce> results = new ArrayList<>();
        Path corpus = resource("/corpus/sisimai/eml");
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path file : files.sorted().toList()) {
                results.addAll(
                        classifier.message(
                                Files.readAllBytes(file), file.getFileName().toString()));
            }
        }
        results.addAll(
                classifier.jsonLines(
                        String.join(
                                        "\n",
                                        "{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"recipient\":\"bob@example.com\",\"type\":\"HARD\",\"smtpCode\":550,\"enhancedStatus\":\"5.1.1\",\"diagnostic\":\"user unknown\"}",
                                        "{\"eventId\":\"b-2\",\"mailbox\":\"alice@acme.io\",\"type\":\"SOFT\"}",
                                        "{\"eventId\":\"b-3\",\"mailbox\":\"alice@acme.io\",\"category\":\"THROTTLE\",\"provider\":\"microsoft\"}")
                                .getBytes(StandardCharsets.UTF_8),
                        null));

        Set<Category> seen = EnumSet.noneOf(Category.class);
        for (ClassifiedBounce result : results) {
            JsonSchemas.assertValid(
                    SCHEMA, new String(PayloadWriter.write(result), StandardCharsets.UTF_8));
            seen.add(result.classification().category());
        }
        // The schema is exercised by every category a bounce can get, not only the common ones.
        assertThat(seen).containsAll(EnumSet.allOf(Category.class));
    }

    @Test
    void theSchemaRefusesAClassWeDoNotHaveAndAMissingRule() {
        String valid =
                "{\"source\":null,\"recipient\":null,\"mailbox\":\"alice@acme.io\",\"enhancedStatus\":null,"
                        + "\"smtpCode\":null,\"diagnostic\":null,\"category\":\"TRANSIENT\",\"class\":\""
                        + BounceClass.UNSPECIFIED.name()
                        + "\",\"provider\":\"other\",\"matchedBy\":\"type SOFT\"}";
        assertThat(JsonSchemas.violations(SCHEMA, valid)).isEmpty();
        assertThat(JsonSchemas.violations(SCHEMA, valid.replace("UNSPECIFIED", "NO_SUCH")))
                .isNotEmpty();
        assertThat(
                        JsonSchemas.violations(
                                SCHEMA, valid.replace(",\"matchedBy\":\"type SOFT\"", "")))
                .isNotEmpty();
    }

    private static Path resource(String path) {
        try {
            return Path.of(ClassificationSchemaTest.class.getResource(path).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
