package io.bouncewatch.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Kafka's internal APIs are used in this package only, so that a Kafka upgrade that changes them
 * breaks it alone.
 */
class InternalApisTest {

    private static final Path PACKAGE = Path.of("io", "bouncewatch", "topology", "internal");
    private static final Path HERE =
            Repository.path("core", "src", "main", "java").resolve(PACKAGE);
    private static final Path HERE_TESTS =
            Repository.path("core", "src", "test", "java").resolve(PACKAGE);

    @Test
    void noSourceOutsideThisPackageImportsKafkaInternals() throws IOException {
        assertThat(internalImportsOutside("main", HERE)).isEmpty();
    }

    @Test
    void noTestOutsideThisPackageImportsKafkaInternals() throws IOException {
        assertThat(internalImportsOutside("test", HERE_TESTS)).isEmpty();
    }

    /**
     * The internal imports in every module's {@code src/<set>/java}, but for those under {@code
     * here}.
     */
    private static List<String> internalImportsOutside(String set, Path here) throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path sources : Repository.sourceDirs(set)) {
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(here))
                        .flatMap(InternalApisTest::internalImports)
                        .forEach(offenders::add);
            }
        }
        return offenders;
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
                    .filter(
                            line ->
                                    line.startsWith("import org.apache.kafka.")
                                            && line.contains(".internals."))
                    .map(line -> file + ": " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
