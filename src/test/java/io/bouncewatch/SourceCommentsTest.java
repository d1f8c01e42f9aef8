package io.bouncewatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the main sources say about themselves stays true: the tests they cite and how they read JSON. */
class SourceCommentsTest {

    private static final Path MAIN = Path.of("src", "main", "java");
    private static final Path TESTS = Path.of("src", "test", "java");
    private static final Pattern TEST_NAME = Pattern.compile("\\b([A-Z][A-Za-z]*[a-z](?:Test|IT))\\b");

    @Test
    void everyTestCitedInTheMainSourcesExists() throws IOException {
        List<String> testClasses;
        try (Stream<Path> files = Files.walk(TESTS)) {
            testClasses = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".java"))
                    .map(name -> name.substring(0, name.length() - ".java".length())).toList();
        }
        List<String> missing = mainSources().flatMap(f -> {
            Matcher m = TEST_NAME.matcher(read(f));
            return m.results().map(r -> r.group(1)).filter(name -> !testClasses.contains(name))
                    .map(name -> f + " cites " + name);
        }).toList();
        assertThat(missing).isEmpty();
    }

    @Test
    void thePayloadJsonIsReadAndWrittenWithTheOneSharedFactory() throws IOException {
        Path payload = MAIN.resolve(Path.of("io", "bouncewatch", "payload"));
        Path query = MAIN.resolve(Path.of("io", "bouncewatch", "query"));
        assertThat(mainSources().filter(f -> f.startsWith(payload) || f.startsWith(query))
                .filter(f -> !f.equals(payload.resolve("Json.java")))
                .filter(f -> read(f).contains("JsonFactory")).toList()).isEmpty();
        assertThat(read(payload.resolve("package-info.java"))).contains("Jackson's streaming API")
                .contains("Json#FACTORY");
    }

    @Test
    void noConsumerIsClosedWithTheDeprecatedDuration() throws IOException {
        assertThat(mainSources().filter(f -> read(f).contains("consumer.close(Duration")).toList()).isEmpty();
    }

    private static Stream<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
