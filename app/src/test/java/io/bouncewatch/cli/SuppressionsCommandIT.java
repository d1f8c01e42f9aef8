package io.bouncewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bouncewatch.broker.EmbeddedKafkaBroker;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.runtime.KafkaTestClients;
import io.bouncewatch.runtime.Monitor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code suppressions import} and {@code export} against a real broker and monitor: a provider's
 * list is imported, bad lines aside; importing it again changes nothing; the export, imported into
 * a fresh cluster, gives the same entries there.
 */
class SuppressionsCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String TOPIC = "recipient.suppressions";

    @TempDir Path dir;

    /** What a command printed, and its exit code. */
    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                Main.execute(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private MonitorConfig monitor(EmbeddedKafkaBroker broker, String name) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", broker.bootstrapServers());
        settings.put("http.port", "0");
        settings.put("data.dir", dir.resolve(name).toString());
        settings.put("application.id", "it-suppressions-" + name);
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    @Test
    void anImportedListIsExportedAndImportsIntoAFreshClusterAsTheSameEntries() throws Exception {
        Path list = dir.resolve("mailgun-bounces.csv");
        Files.writeString(
                list,
                "address,code,error,created_at\n"
                        + "nobody@example.net,550,No such user,\"Fri, 20 Nov 2026 08:00:00 UTC\"\n"
                        + "Gone@Example.org,550,\"550 5.1.1 mailbox unavailable, gone\",\n"
                        + "not-an-address,550,No such user,\n"
                        + "full@example.com,452,Mailbox full,\n");
        Path export = dir.resolve("export.jsonl");
        List<JsonNode> exported;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker-1"), 0);
                Monitor monitor = Monitor.start(monitor(broker, "one"));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            String servers = broker.bootstrapServers();
            Run imported =
                    cli(
                            "suppressions",
                            "import",
                            list.toString(),
                            "--bootstrap-servers",
                            servers,
                            "--operator",
                            "ops@acme.io");
            assertThat(imported.code()).as(imported.err()).isEqualTo(0);
            assertThat(imported.out())
                    .startsWith("read 4 lines of " + list + ": 3 imported, 1 rejected (");
            assertThat(imported.err())
                    .isEqualTo(
                            "bouncewatch suppressions import: "
                                    + list
                                    + " line 4: recipient 'not-an-address' has no @"
                                    + System.lineSeparator());
            await("the three entries are on the topic")
                    .atMost(PATIENCE)
                    .until(() -> kafka.latest(TOPIC).size() == 3);

            // Again: the same commands change nothing. A new line after them shows when they are
            // processed.
            assertThat(
                            cli(
                                            "suppressions",
                                            "import",
                                            list.toString(),
                                            "--bootstrap-servers",
                                            servers)
                                    .code())
                    .isEqualTo(0);
            Path more = dir.resolve("more.csv");
            Files.writeString(more, "email,reason\nlater@example.com,COMPLAINT\n");
            assertThat(
                            cli(
                                            "suppressions",
                                            "import",
                                            more.toString(),
                                            "--bootstrap-servers",
                                            servers,
                                            "--operator",
                                            "ops@acme.io")
                                    .code())
                    .isEqualTo(0);
            await("the later entry is on the topic")
                    .atMost(PATIENCE)
                    .until(() -> kafka.latest(TOPIC).containsKey("later@example.com"));
            assertThat(kafka.readAll(TOPIC))
                    .as("one record per entry, none for the re-import")
                    .hasSize(4);

            Run json =
                    cli(
                            "suppressions",
                            "export",
                            export.toString(),
                            "--bootstrap-servers",
                            servers);
            assertThat(json.code()).as(json.err()).isEqualTo(0);
            exported = lines(Files.readString(export));
            assertThat(exported)
                    .extracting(e -> e.get("recipient").asText())
                    .containsExactly(
                            "full@example.com",
                            "gone@example.org",
                            "later@example.com",
                            "nobody@example.net");
            JsonNode nobody = exported.get(3);
            assertThat(nobody.get("category").asText()).isEqualTo("LIST");
            assertThat(nobody.get("source").asText()).isEqualTo("IMPORT");
            assertThat(nobody.get("operator").asText()).isEqualTo("ops@acme.io");
            assertThat(nobody.get("note").asText()).isEqualTo("No such user");
            assertThat(exported.get(0).get("category").isNull()).as("a soft bounce").isTrue();
            assertThat(exported.get(2).get("category").asText()).isEqualTo("COMPLAINT");

            Run csv =
                    cli(
                            "suppressions",
                            "export",
                            "--format",
                            "csv",
                            "--bootstrap-servers",
                            servers);
            assertThat(csv.code()).as(csv.err()).isEqualTo(0);
            assertThat(csv.out().lines().toList())
                    .hasSize(5)
                    .first()
                    .isEqualTo(
                            "recipient,category,class,source,since,until,mailbox,causeEventId,"
                                    + "operator,note");
            assertThat(csv.out()).contains("\"550 5.1.1 mailbox unavailable, gone\"");
            assertThat(csv.err()).contains("4 suppressed recipients");
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("broker-2"), 0);
                Monitor monitor = Monitor.start(monitor(broker, "two"));
                KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            String servers = broker.bootstrapServers();
            Run imported =
                    cli(
                            "suppressions",
                            "import",
                            export.toString(),
                            "--bootstrap-servers",
                            servers,
                            "--operator",
                            "ops@acme.io");
            assertThat(imported.code()).as(imported.err()).isEqualTo(0);
            assertThat(imported.out()).contains(": 4 imported, 0 rejected");
            await("the four entries are on the fresh cluster's topic")
                    .atMost(PATIENCE)
                    .until(() -> kafka.latest(TOPIC).size() == 4);
            Path again = dir.resolve("again.jsonl");
            assertThat(
                            cli(
                                            "suppressions",
                                            "export",
                                            again.toString(),
                                            "--bootstrap-servers",
                                            servers)
                                    .code())
                    .isEqualTo(0);
            assertThat(withoutCommandIds(lines(Files.readString(again))))
                    .isEqualTo(withoutCommandIds(exported));
        }
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.lines().toList()) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** The entries but for the id of the command that made them, which names its line. */
    private static List<JsonNode> withoutCommandIds(List<JsonNode> entries) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : entries) {
            ObjectNode copy = e.deepCopy();
            copy.remove("causeEventId");
            out.add(copy);
        }
        return out;
    }
}
