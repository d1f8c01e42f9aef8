package io.bouncewatch.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive hold of one program on its {@code data.dir}: a lock on {@code data.dir/.lock},
 * which also records the holder's process id. Taken before anything else opens a file there, so a
 * second program on the same directory stops without touching the broker's logs or the stores.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = ".lock";

    /*
     * Lock files held by this JVM. A file lock belongs to the process, and closing any channel on the
     * file would drop it: a second monitor in this JVM must be turned away before it opens the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @throws StartupException naming the directory and the holder when another monitor has it
     */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE).toAbsolutePath().normalize();
        if (!HELD.add(file)) {
            throw inUse(dataDir, "process " + ProcessHandle.current().pid());
        }
        try {
            return lock(dataDir, file);
        } catch (RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static DataDirLock lock(Path dataDir, Path file) {
        FileChannel channel;
        try {
            // No TRUNCATE: a program that does not get the lock leaves the holder's pid as it is.
            channel =
                    FileChannel.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException(
                    "data.dir=" + dataDir + ": cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Held in this JVM by a channel that bypassed HELD; closing this one would release
                // it.
                throw inUse(dataDir, "process " + ProcessHandle.current().pid());
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(dataDir, holder);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(false);
            return new DataDirLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException(
                    "data.dir=" + dataDir + ": cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static StartupException inUse(Path dataDir, String holder) {
        return new StartupException(
                "data.dir="
                        + dataDir
                        + " is in use by another bouncewatch ("
                        + holder
                        + "); stop it or choose another data.dir");
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid =
                    new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)
                            .strip();
            return pid.matches("\\d+") ? "process " + pid : "process unknown";
        } catch (IOException e) {
            return "process unknown";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // the open failure is what gets reported
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
            HELD.remove(file);
        }
    }
}
