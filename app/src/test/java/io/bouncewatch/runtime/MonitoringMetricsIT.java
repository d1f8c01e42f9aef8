package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bouncewatch.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the compose stack's Prometheus scrapes, from a monitor on a real broker after a short story:
 * a blocked route, suppressed recipients, a bounce of every category, a complaint and a dead
 * letter. The gauges of routes and suppressions count this instance's stores; every metric that the
 * Grafana dashboard and the alert rules read is exported under that exact name.
 */
class MonitoringMetricsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String PREFIX = "monitoring";
    private static final String MAILBOX = "news@acme.io";
    private static final String GMAIL_LOW_REPUTATION =
            "550-5.7.1 Our system has detected that this message is likely unsolicited mail."
                    + " Our system has detected a very low reputation of the sending domain. gsmtp";

    /** A lag series of a stream thread's consumer, as the lag panel and rule select them. */
    private static final Pattern STREAM_THREAD_LAG =
            Pattern.compile(
                    "kafka_consumer_fetch_manager_records_lag\\{client_id=\""
                            + ".*-StreamThread-[0-9]+-consumer\",.*");

    /** Prometheus' own metric of whether a target answered: never a target's. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    @TempDir static Path brokerDir;
    @TempDir static Path dataDir;
    private static EmbeddedKafkaBroker broker;
    private static Monitor monitor;
    private static String firstScrape;

    @BeforeAll
    static void startAndTellTheStory() throws Exception {
        broker = EmbeddedKafkaBroker.start(brokerDir, 0);
        monitor =
                Monitor.start(
                        MonitorSettings.resolve(
                                MonitorSettings.of(broker.bootstrapServers(), dataDir, PREFIX)));
        firstScrape = scrape();
        try (KafkaTestClients kafka = new KafkaTestClients(broker.bootstrapServers())) {
            kafka.sends(topic("sends"), MAILBOX, 40);
            // Two low-reputation refusals from Gmail block the mailbox's google route.
            bounce(kafka, "bob@gmail.com", 550, "5.7.1", GMAIL_LOW_REPUTATION, null);
            bounce(kafka, "carol@gmail.com", 550, "5.7.1", GMAIL_LOW_REPUTATION, null);
            // A user unknown suppresses its recipient (LIST).
            bounce(kafka, "dave@example.com", 550, "5.1.1", "user unknown", null);
            for (String category :
                    List.of("CONFIG", "THROTTLE", "TRANSIENT", "IGNORE", "UNKNOWN")) {
                bounce(kafka, "eve@example.com", 450, "4.0.0", "as the producer says", category);
            }
            // A complaint suppresses its recipient (COMPLAINT).
            kafka.publish(
                    topic("complaints"),
                    MAILBOX,
                    "{\"eventId\":\"c-1\",\"mailbox\":\""
                            + MAILBOX
                            + "\",\"recipient\":\"frank@example.com\"}");
            kafka.publish(topic("sends"), MAILBOX, "not json");
            kafka.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static String topic(String role) {
        return MonitorSettings.topic(PREFIX, role);
    }

    private static void bounce(
            KafkaTestClients kafka,
            String recipient,
            int smtpCode,
            String enhancedStatus,
            String diagnostic,
            String category) {
        kafka.publish(
                topic("bounces"),
                MAILBOX,
                "{\"eventId\":\"b-"
                        + UUID.randomUUID()
                        + "\",\"mailbox\":\""
                        + MAILBOX
                        + "\",\"recipient\":\""
                        + recipient
                        + "\",\"type\":\""
                        + (smtpCode >= 500 ? "HARD" : "SOFT")
                        + "\",\"smtpCode\":"
                        + smtpCode
                        + ",\"enhancedStatus\":\""
                        + enhancedStatus
                        + "\",\"diagnostic\":\""
                        + diagnostic
                        + "\""
                        + (category == null ? "" : ",\"category\":\"" + category + "\"")
                        + "}");
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        "http://127.0.0.1:"
                                                                + monitor.httpPort()
                                                                + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one series of {@code name} with exactly these labels, or null. */
    private static Double value(String scrape, String name, String labels) {
        String series = name + "{" + labels + "} ";
        return scrape.lines()
                .filter(l -> l.startsWith(series))
                .map(l -> Double.valueOf(l.substring(series.length()).strip()))
                .findFirst()
                .orElse(null);
    }

    /** The names of the samples of a scrape: with their suffixes, as PromQL reads them. */
    private static Set<String> exported(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    @Test
    void everyRouteAndSuppressionSeriesExistsFromZero() {
        for (String provider : List.of("google", "microsoft", "yahoo", "apple", "other")) {
            for (String status : List.of("SLOW_DOWN", "BLOCKED")) {
                String labels = "provider=\"" + provider + "\",status=\"" + status + "\"";
                assertThat(value(firstScrape, "bouncewatch_routes", labels))
                        .as(labels)
                        .isEqualTo(0.0);
            }
            assertThat(
                            value(
                                    firstScrape,
                                    "bouncewatch_routes",
                                    "provider=\"" + provider + "\",status=\"OK\""))
                    .as("OK routes are not counted")
                    .isNull();
        }
        for (String category :
                List.of(
                        "LIST",
                        "REPUTATION",
                        "CONFIG",
                        "THROTTLE",
                        "TRANSIENT",
                        "IGNORE",
                        "UNKNOWN",
                        "COMPLAINT",
                        "NONE")) {
            assertThat(
                            value(
                                    firstScrape,
                                    "bouncewatch_suppressions",
                                    "category=\"" + category + "\""))
                    .as(category)
                    .isEqualTo(0.0);
        }
    }

    @Test
    void routesAndSuppressionsAreCountedFromTheStores() throws Exception {
        await("the blocked route and the two suppressions are gauged")
                .atMost(PATIENCE)
                .untilAsserted(
                        () -> {
                            String scrape = scrape();
                            assertThat(
                                            value(
                                                    scrape,
                                                    "bouncewatch_routes",
                                                    "provider=\"google\",status=\"BLOCKED\""))
                                    .isEqualTo(1.0);
                            assertThat(
                                            value(
                                                    scrape,
                                                    "bouncewatch_suppressions",
                                                    "category=\"LIST\""))
                                    .isEqualTo(1.0);
                            assertThat(
                                            value(
                                                    scrape,
                                                    "bouncewatch_suppressions",
                                                    "category=\"COMPLAINT\""))
                                    .isEqualTo(1.0);
                        });
        String scrape = scrape();
        assertThat(value(scrape, "bouncewatch_routes", "provider=\"google\",status=\"SLOW_DOWN\""))
                .isEqualTo(0.0);
        assertThat(value(scrape, "bouncewatch_routes", "provider=\"microsoft\",status=\"BLOCKED\""))
                .isEqualTo(0.0);
        assertThat(value(scrape, "bouncewatch_suppressions", "category=\"REPUTATION\""))
                .as("a reputation refusal blocks a route, it suppresses no recipient")
                .isEqualTo(0.0);
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesUseIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        MonitoringFiles.dashboardExprs().forEach(e -> used.addAll(PromQl.metricNames(e)));
        MonitoringFiles.alertExprs().forEach(e -> used.addAll(PromQl.metricNames(e)));
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used).as("names read from the dashboard and the rules").hasSizeGreaterThan(10);
        // Stream-thread sensors, consumer metrics and GC timers appear as the monitor works.
        await("every name the dashboard and the rules use is exported")
                .atMost(PATIENCE)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(
                        () -> {
                            Set<String> missing = new TreeSet<>(used);
                            missing.removeAll(exported(scrape()));
                            assertThat(missing).as("used but not exported").isEmpty();
                            // The lag panel and rule read the stream threads' consumers by their
                            // client id.
                            assertThat(scrape().lines())
                                    .anyMatch(l -> STREAM_THREAD_LAG.matcher(l).matches());
                        });
    }
}
