package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One monitor per data directory, also within one JVM; the lock file names its holder. */
class DataDirLockTest {

    @TempDir Path dataDir;

    @Test
    void aSecondLockInTheSameJvmIsRefusedNamingTheDirectoryAndTheHolder() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (DataDirLock first = DataDirLock.acquire(dataDir)) {
            assertThat(Files.readString(dataDir.resolve(DataDirLock.FILE)).strip())
                    .isEqualTo(Long.toString(pid));
            assertThatThrownBy(() -> DataDirLock.acquire(dataDir))
                    .isInstanceOf(StartupException.class)
                    .hasMessage(
                            "data.dir="
                                    + dataDir
                                    + " is in use by another bouncewatch (process "
                                    + pid
                                    + "); stop it or choose another data.dir");
            // The refused attempt left the holder's lock in place.
            assertThatThrownBy(() -> DataDirLock.acquire(dataDir))
                    .isInstanceOf(StartupException.class);
        }
    }

    @Test
    void theLockIsReleasedAtClose() throws Exception {
        DataDirLock.acquire(dataDir).close();
        try (DataDirLock again = DataDirLock.acquire(dataDir)) {
            assertThat(dataDir.resolve(DataDirLock.FILE)).isRegularFile();
        }
    }
}
