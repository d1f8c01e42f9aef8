package io.bouncewatch.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an instance keeps its minutes between runs: {@code <data.dir>/series/minutes.json}, the
 * data dir being one instance's alone (its lock). Written whole to a temporary file and moved over
 * the last, so a crash leaves the previous minute's file or this one, never half of one.
 */
final class SeriesFile {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesFile.class);

    private final Path file;

    SeriesFile(Path dataDir) {
        this.file = dataDir.resolve("series").resolve("minutes.json");
    }

    Path path() {
        return file;
    }

    /** The minutes kept by the last run; none, with one WARN line, when they cannot be read. */
    List<MinuteSeries.Stamped> read() {
        try {
            return SeriesJson.readMinutes(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            // One line: a parser's message goes on with where in the file it failed.
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            LOG.warn("{} cannot be read ({}); the charts start empty", file, why);
            return List.of();
        }
    }

    void write(List<MinuteSeries.Stamped> minutes) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, SeriesJson.minutes(minutes));
            Files.move(
                    temporary,
                    file,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
