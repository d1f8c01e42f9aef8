package io.bouncewatch.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens every local RocksDB store (read-only) before Kafka Streams does. A store that RocksDB
 * cannot open, such as one with a damaged MANIFEST, would fail every start. Every persistent store
 * of the topology is changelogged, so its whole task directory (the stores and the {@code
 * .checkpoint} that claims them restored) is moved aside, never deleted, to {@code
 * <state.dir>/quarantine/<time>/}, and Kafka Streams restores the task from its changelogs.
 */
final class StoreCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCheck.class);
    static final String QUARANTINE = "quarantine";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path stateDir;
    private final String applicationId;
    private final Clock clock;

    StoreCheck(Path stateDir, String applicationId, Clock clock) {
        this.stateDir = stateDir;
        this.applicationId = applicationId;
        this.clock = clock;
    }

    /**
     * Moves aside the task directories with a store that cannot be opened; returns where they went.
     */
    List<Path> quarantineUnreadable() {
        Path appDir = stateDir.resolve(applicationId);
        List<Path> moved = new ArrayList<>();
        if (!Files.isDirectory(appDir)) {
            return moved;
        }
        RocksDB.loadLibrary();
        for (Path taskDir : list(appDir)) {
            for (Path store : list(taskDir.resolve("rocksdb"))) {
                String failure = openFailure(store);
                if (failure != null) {
                    Path target =
                            stateDir.resolve(QUARANTINE)
                                    .resolve(TIME.format(clock.instant()))
                                    .resolve(applicationId)
                                    .resolve(taskDir.getFileName());
                    move(taskDir, target);
                    LOG.warn(
                            "store {} in {} cannot be opened ({}); its task directory is moved to {} and the store "
                                    + "is restored from its changelog",
                            store.getFileName(),
                            store,
                            failure,
                            target);
                    moved.add(target);
                    break;
                }
            }
        }
        return moved;
    }

    /**
     * Why RocksDB cannot open the store, or null when it can (or when there is no database yet).
     */
    private static String openFailure(Path store) {
        if (!Files.isRegularFile(store.resolve("CURRENT"))) {
            return null;
        }
        String path = store.toString();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options()) {
            List<ColumnFamilyDescriptor> families = new ArrayList<>();
            for (byte[] name : RocksDB.listColumnFamilies(options, path)) {
                families.add(new ColumnFamilyDescriptor(name));
            }
            try (DBOptions dbOptions = new DBOptions();
                    RocksDB db = RocksDB.openReadOnly(dbOptions, path, families, handles)) {
                handles.forEach(ColumnFamilyHandle::close);
                return null;
            }
        } catch (RocksDBException e) {
            return e.getMessage();
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new StartupException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new StartupException(
                    "a store in "
                            + from
                            + " cannot be opened, and moving it aside to "
                            + to
                            + " failed: "
                            + e.getMessage(),
                    e);
        }
    }
}
