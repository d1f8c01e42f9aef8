package io.bouncewatch.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Kafka's internal APIs are used in this package only, so that a Kafka upgrade that changes them breaks it alone. */
class InternalApisTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path TEST_SOURCES = Path.of("src", "test", "java");
    private static final Path PACKAGE = Path.of("io", "bouncewatch", "topology", "internal");
    private static final Path HERE = SOURCES.resolve(PACKAGE);

    @Test
    void noSourceOutsideThisPackageImportsKafkaInternals() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(HERE))
                    .flatMap(InternalApisTest::internalImports).toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void noTestOutsideThisPackageImportsKafkaInternals() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            offenders = files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(TEST_SOURCES.resolve(PACKAGE)))
                    .flatMap(InternalApisTest::internalImports).toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void thisPackageIsWhereTheyAre() throws IOException {
        try (Stream<Path> files = Files.list(HERE)) {
            assertThat(files.flatMap(InternalApisTest::internalImports)).isNotEmpty();
        }
    }

    private static Stream<String> internalImports(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith("import org.apache.kafka.") && line.contains(".internals."))
                    .map(line -> file + ": " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
