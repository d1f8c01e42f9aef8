package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A start with little room left in data.dir warns in one line before the disk fills. */
class DiskSpaceTest {

    private static final long GB = 1L << 30;
    private static final Path DATA = Path.of("/srv/bouncewatch/data");

    @Test
    void lessFreeThanTheThresholdWarnsNamingTheDirectoryTheFreeSpaceAndTheThreshold() {
        assertThat(DiskSpace.warning(DATA, 512L << 20, GB))
                .hasValueSatisfying(
                        line ->
                                assertThat(line)
                                        .contains(
                                                "data.dir=/srv/bouncewatch/data",
                                                "512 MB free",
                                                "data.dir.min-free=1.0 GB")
                                        .doesNotContain("\n"));
    }

    @Test
    void asMuchAsTheThresholdOrMoreSaysNothing() {
        assertThat(DiskSpace.warning(DATA, GB, GB)).isEmpty();
        assertThat(DiskSpace.warning(DATA, 500 * GB, GB)).isEmpty();
    }

    @Test
    void zeroTurnsTheCheckOff() {
        assertThat(DiskSpace.warning(DATA, 0, 0)).isEmpty();
    }

    @Test
    void sizesReadAsPeopleWriteThem() {
        assertThat(DiskSpace.human(900)).isEqualTo("900 B");
        assertThat(DiskSpace.human(1536)).isEqualTo("1.5 KB");
        assertThat(DiskSpace.human(250L << 30)).isEqualTo("250 GB");
    }
}
