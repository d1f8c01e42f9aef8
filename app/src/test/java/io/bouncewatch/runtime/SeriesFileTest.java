package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesFileTest {

    @TempDir Path dataDir;

    private static MinuteSeries.Minute minute(long sends, MinuteSeries.ByStatus mailboxes) {
        return new MinuteSeries.Minute(sends, sends, 2, 1, 3, 4, mailboxes, null);
    }

    @Test
    void theMinutesWrittenAreReadBackAsTheyWere() {
        SeriesFile file = new SeriesFile(dataDir);
        List<MinuteSeries.Stamped> minutes =
                List.of(
                        new MinuteSeries.Stamped(100, minute(5, null)),
                        new MinuteSeries.Stamped(
                                101, minute(7, new MinuteSeries.ByStatus(10, 2, 1))));

        file.write(minutes);

        assertThat(file.path()).isEqualTo(dataDir.resolve("series").resolve("minutes.json"));
        assertThat(new SeriesFile(dataDir).read()).isEqualTo(minutes);
        assertThat(MinuteSeries.of(new SeriesFile(dataDir).read()).last(101, 2))
                .containsExactly(minute(5, null), minute(7, new MinuteSeries.ByStatus(10, 2, 1)));
    }

    @Test
    void noFileIsNoMinutes() {
        assertThat(new SeriesFile(dataDir).read()).isEmpty();
    }

    @Test
    void aCorruptFileIsNoMinutesAndIsReplacedAtTheNextWrite() throws Exception {
        SeriesFile file = new SeriesFile(dataDir);
        Files.createDirectories(file.path().getParent());
        Files.write(file.path(), "[{\"minute\":1,\"val".getBytes(StandardCharsets.UTF_8));

        assertThat(file.read()).isEmpty();

        file.write(List.of(new MinuteSeries.Stamped(3, minute(1, null))));
        assertThat(file.read()).hasSize(1);
    }

    @Test
    void aFileOfSomethingElseIsNoMinutes() throws Exception {
        SeriesFile file = new SeriesFile(dataDir);
        Files.createDirectories(file.path().getParent());
        Files.write(file.path(), "[{\"minute\":1}]".getBytes(StandardCharsets.UTF_8));

        assertThat(file.read()).isEmpty();
    }
}
