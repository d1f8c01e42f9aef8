package io.bouncewatch.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.topology.MonitorTopology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local store that RocksDB cannot open (a damaged MANIFEST) is moved aside with its task
 * directory, named in one line, and restored from its changelog: the program starts, and the
 * mailbox's state is back.
 */
class CorruptStoreIT {

    private static final String MAILBOX = "corrupt@example.org";

    @TempDir Path dir;

    @Test
    void aStoreWithADamagedManifestIsMovedAsideAndRestoredFromItsChangelog() throws Exception {
        Path jar = MonitorProcess.copyOfPackagedJar(dir);
        Path data = dir.resolve("data");
        int kafkaPort = MonitorProcess.freePort();
        List<String> options =
                List.of(
                        "--embedded-kafka-port",
                        Integer.toString(kafkaPort),
                        "--data-dir",
                        data.toString());

        try (MonitorProcess first =
                        MonitorProcess.start(
                                jar, options, dir.resolve("first.log"), Duration.ofMinutes(2));
                KafkaTestClients kafka = new KafkaTestClients("127.0.0.1:" + kafkaPort)) {
            kafka.bounces("email.bounces", MAILBOX, 5);
            kafka.flush();
            await("the mailbox is paused")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> first.get("/api/mailboxes/" + MAILBOX).body(),
                            b -> b.contains("\"status\":\"PAUSED\""));
            first.stop();
        }

        List<Path> stores = mailboxStores(data);
        assertThat(stores).as("the mailbox store's RocksDB directories").isNotEmpty();
        for (Path store : stores) {
            try (Stream<Path> files = Files.list(store)) {
                for (Path manifest :
                        files.filter(f -> f.getFileName().toString().startsWith("MANIFEST-"))
                                .toList()) {
                    Files.writeString(
                            manifest, "not a MANIFEST any more", StandardCharsets.US_ASCII);
                }
            }
        }

        try (MonitorProcess second =
                MonitorProcess.start(
                        jar, options, dir.resolve("second.log"), Duration.ofMinutes(2))) {
            await("the mailbox's state is restored")
                    .atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(
                            () -> second.get("/api/mailboxes/" + MAILBOX).body(),
                            b -> b.contains("\"status\":\"PAUSED\""));
            String log = second.logText();
            for (Path store : stores) {
                assertThat(
                                log.lines()
                                        .filter(
                                                l ->
                                                        l.contains(
                                                                "store "
                                                                        + MonitorTopology
                                                                                .MAILBOX_STORE
                                                                        + " in "
                                                                        + store
                                                                        + " cannot be opened")))
                        .as("one line for " + store)
                        .hasSize(1);
            }
            assertThat(log).doesNotContain("ProcessorStateException");
            assertThat(data.resolve("streams").resolve("quarantine"))
                    .as("moved aside, not deleted")
                    .isDirectory();
            second.stop();
        }
    }

    private static List<Path> mailboxStores(Path data) throws IOException {
        try (Stream<Path> tasks = Files.list(data.resolve("streams").resolve("bouncewatch"))) {
            return tasks.map(t -> t.resolve("rocksdb").resolve(MonitorTopology.MAILBOX_STORE))
                    .filter(s -> Files.isRegularFile(s.resolve("CURRENT")))
                    .sorted()
                    .toList();
        }
    }
}
