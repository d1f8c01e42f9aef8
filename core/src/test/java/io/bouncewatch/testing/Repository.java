package io.bouncewatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's files for tests that read them (README, docs/, topics/, every module's sources,
 * the packaged jar): tests run in their module's directory, and the build passes the root as the
 * system property bouncewatch.root.
 */
public final class Repository {

    private Repository() {}

    /**
     * The root: the directory that holds README.md and topics/, at or above the one the build
     * names.
     */
    public static Path root() {
        Path start =
                Path.of(System.getProperty("bouncewatch.root", System.getProperty("user.dir")))
                        .toAbsolutePath()
                        .normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md"))
                    && Files.isDirectory(dir.resolve("topics"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root (README.md and topics/) at or above " + start);
    }

    /**
     * A file or directory of the repository, e.g. {@code path("docs/rules.md")} or {@code
     * path("target", "bouncewatch.jar")}.
     */
    public static Path path(String first, String... more) {
        return root().resolve(Path.of(first, more));
    }

    /** The modules' directories: those of the root's subdirectories that hold a pom.xml. */
    public static List<Path> modules() {
        try (Stream<Path> dirs = Files.list(root())) {
            return dirs.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Java source directories {@code src/<set>/java} ("main" or "test") of every module. */
    public static List<Path> sourceDirs(String set) {
        return modules().stream()
                .map(module -> module.resolve(Path.of("src", set, "java")))
                .filter(Files::isDirectory)
                .toList();
    }
}
