package io.bouncewatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the main sources of every module say about themselves stays true: the tests they cite and
 * how they read JSON.
 */
class SourceCommentsTest {

    private static final Pattern TEST_NAME =
            Pattern.compile("\\b([A-Z][A-Za-z]*[a-z](?:Test|IT))\\b");

    @Test
    void everyTestCitedInTheMainSourcesExists() throws IOException {
        List<String> testClasses =
                sources("test")
                        .map(f -> f.getFileName().toString())
                        .map(name -> name.substring(0, name.length() - ".java".length()))
                        .toList();
        List<String> missing =
                sources("main")
                        .flatMap(
                                f -> {
                                    Matcher m = TEST_NAME.matcher(read(f));
                                    return m.results()
                                            .map(r -> r.group(1))
                                            .filter(name -> !testClasses.contains(name))
                                            .map(name -> f + " cites " + name);
                                })
                        .toList();
        assertThat(missing).isEmpty();
    }

    @Test
    void thePayloadPackageReadsAndWritesJsonWithoutJackson() throws IOException {
        Path payload =
                Repository.path("core", "src", "main", "java", "io", "bouncewatch", "payload");
        assertThat(
                        sources("main")
                                .filter(f -> f.startsWith(payload))
                                .filter(f -> read(f).contains("com.fasterxml.jackson"))
                                .toList())
                .isEmpty();
        assertThat(read(payload.resolve("package-info.java"))).contains("No Jackson");
    }

    @Test
    void noConsumerIsClosedWithTheDeprecatedDuration() throws IOException {
        assertThat(
                        sources("main")
                                .filter(f -> read(f).contains("consumer.close(Duration"))
                                .toList())
                .isEmpty();
    }

    /** The Java files of every module's {@code src/<set>/java}. */
    private static Stream<Path> sources(String set) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : Repository.sourceDirs(set)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
            }
        }
        return all.stream();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
