package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grafana, as the compose stack provisions it, loads our dashboard and its every query reaches the
 * provisioned Prometheus: checked offline, on the files, without starting Grafana.
 */
class GrafanaProvisioningTest {

    private static final String PROVISIONING = "docker/grafana/provisioning/";

    /** Grafana's volumes in compose: target in the container by source relative to docker/. */
    private static Map<String, String> grafanaMounts() {
        JsonNode grafana =
                MonitoringFiles.yaml("docker/compose.yaml").path("services").path("grafana");
        assertThat(grafana.isMissingNode()).as("compose has a grafana service").isFalse();
        Map<String, String> mounts = new HashMap<>();
        for (JsonNode volume : grafana.path("volumes")) {
            String[] parts = volume.asText().split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    @Test
    void composeMountsTheProvisioningWhereGrafanaReadsIt() {
        assertThat(grafanaMounts())
                .containsEntry("./grafana/provisioning", "/etc/grafana/provisioning");
    }

    @Test
    void theDashboardProviderReadsWhereComposeMountsTheDashboards() {
        JsonNode providers =
                MonitoringFiles.yaml(PROVISIONING + "dashboards/bouncewatch.yml").path("providers");
        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("type").asText()).isEqualTo("file");
        assertThat(providers.get(0).path("options").path("path").asText())
                .isEqualTo(grafanaMounts().get("./grafana/dashboards"))
                .isNotEmpty();
    }

    @Test
    void everyQueryingPanelUsesTheProvisionedPrometheus() {
        JsonNode datasources =
                MonitoringFiles.yaml(PROVISIONING + "datasources/prometheus.yml")
                        .path("datasources");
        assertThat(datasources).hasSize(1);
        JsonNode prometheus = datasources.get(0);
        assertThat(prometheus.path("type").asText()).isEqualTo("prometheus");
        // The service name and port of compose's prometheus.
        assertThat(prometheus.path("url").asText()).isEqualTo("http://prometheus:9090");
        assertThat(MonitoringFiles.yaml("docker/compose.yaml").path("services").has("prometheus"))
                .isTrue();
        String uid = prometheus.path("uid").asText();
        assertThat(uid).isNotEmpty();

        List<JsonNode> querying =
                MonitoringFiles.panels().stream().filter(p -> p.has("targets")).toList();
        assertThat(querying).hasSizeGreaterThan(10);
        for (JsonNode panel : querying) {
            String title = panel.path("title").asText();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(uid);
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title + " has an expr").isNotBlank();
                if (target.has("datasource")) {
                    assertThat(target.path("datasource").path("uid").asText())
                            .as(title)
                            .isEqualTo(uid);
                }
            }
        }
    }

    @Test
    void panelIdsAreUniqueAndEveryPanelHasATitleAndAPlace() {
        Set<Integer> ids = new HashSet<>();
        List<Integer> duplicates = new ArrayList<>();
        for (JsonNode panel : MonitoringFiles.panels()) {
            int id = panel.path("id").asInt(-1);
            assertThat(id).as("id of " + panel.path("title")).isPositive();
            if (!ids.add(id)) {
                duplicates.add(id);
            }
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("gridPos").path("w").asInt()).isBetween(1, 24);
        }
        assertThat(duplicates).as("duplicate panel ids").isEmpty();
        assertThat(MonitoringFiles.dashboard().path("uid").asText()).isNotBlank();
    }

    @Test
    void theDashboardChartsWhatOperatorsAskFor() {
        Set<String> names = new HashSet<>();
        MonitoringFiles.dashboardExprs().forEach(e -> names.addAll(PromQl.metricNames(e)));
        assertThat(names)
                .contains(
                        "bouncewatch_mailboxes",
                        "bouncewatch_domains",
                        "bouncewatch_routes",
                        "bouncewatch_suppressions",
                        "kafka_stream_bouncewatch_sends_total",
                        "kafka_stream_bouncewatch_counted_bounces_total",
                        "kafka_stream_bouncewatch_bounces_reputation_total",
                        "kafka_stream_bouncewatch_dead_letters_total",
                        "kafka_consumer_fetch_manager_records_lag",
                        "jvm_memory_used_bytes",
                        "process_cpu_usage");
    }
}
