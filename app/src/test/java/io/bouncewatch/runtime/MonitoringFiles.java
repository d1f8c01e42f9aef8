package io.bouncewatch.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.bouncewatch.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compose stack's monitoring files under {@code docker/}: compose itself, Prometheus' alert
 * rules, Grafana's provisioning and dashboard, read as JSON trees.
 */
final class MonitoringFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringFiles() {}

    /** A YAML file of the repository, e.g. {@code yaml("docker/compose.yaml")}. */
    static JsonNode yaml(String path) {
        try {
            return YAML.readTree(Repository.path(path).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard() {
        try {
            return JSON.readTree(
                    Repository.path("docker/grafana/dashboards/bouncewatch.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel of the dashboard, those inside rows included. */
    static List<JsonNode> panels() {
        List<JsonNode> out = new ArrayList<>();
        addPanels(dashboard().path("panels"), out);
        return out;
    }

    private static void addPanels(JsonNode panels, List<JsonNode> out) {
        for (JsonNode panel : panels) {
            out.add(panel);
            addPanels(panel.path("panels"), out);
        }
    }

    /** The PromQL expressions of every panel's queries. */
    static List<String> dashboardExprs() {
        List<String> out = new ArrayList<>();
        for (JsonNode panel : panels()) {
            panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        }
        return out;
    }

    /** The PromQL expressions of every alert rule. */
    static List<String> alertExprs() {
        List<String> out = new ArrayList<>();
        for (JsonNode group : yaml("docker/prometheus/alerts.yml").path("groups")) {
            group.path("rules").forEach(r -> out.add(r.path("expr").asText()));
        }
        return out;
    }
}
