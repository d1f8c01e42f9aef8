package io.bouncewatch.runtime;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.config.Setting;
import io.bouncewatch.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings an integration test's monitor starts from: the test's broker and data directory, an
 * HTTP port the system picks, and an application id and topics named after a prefix no other test
 * on that broker uses. Each test adds its own settings to the map and resolves it.
 */
public final class MonitorSettings {

    private static final String TOPIC = "topic.";

    /**
     * Every topic role the program has, read from its settings so that a new topic is not missed.
     */
    public static final List<String> TOPIC_ROLES =
            Settings.ALL.stream()
                    .map(Setting::key)
                    .filter(key -> key.startsWith(TOPIC))
                    .map(key -> key.substring(TOPIC.length()))
                    .toList();

    private MonitorSettings() {}

    /**
     * The topic that plays {@code role} for the monitor of {@code prefix}, such as logs.bounces.
     */
    public static String topic(String prefix, String role) {
        return prefix + "." + role;
    }

    /** A map the caller adds its own settings to: application id it-{@code prefix}. */
    public static Map<String, String> of(String bootstrapServers, Path dataDir, String prefix) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("http.port", "0");
        settings.put("data.dir", dataDir.toString());
        settings.put("application.id", "it-" + prefix);
        for (String role : TOPIC_ROLES) {
            settings.put(TOPIC + role, topic(prefix, role));
        }
        return settings;
    }

    /** The configuration these settings give when passed on the command line. */
    public static MonitorConfig resolve(Map<String, String> settings) {
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }
}
