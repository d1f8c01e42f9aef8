package io.bouncewatch.config;

import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.topology.Topics;
import io.bouncewatch.topology.TopologySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The validated configuration of one run, built once at start from, in rising precedence: the
 * defaults, a properties file, the environment ({@code BOUNCEWATCH_*}) and the command line. Any
 * bad value, unknown key or contradiction stops the build with a {@link ConfigException} naming the
 * setting, the value, where it came from and what is allowed.
 */
public final class MonitorConfig {

    private final Map<String, Object> values;
    private final Map<String, String> kafka;

    private MonitorConfig(Map<String, Object> values, Map<String, String> kafka) {
        this.values = values;
        this.kafka = kafka;
    }

    /** Sources of settings, lowest precedence first. */
    public static final class Sources {
        private final Map<String, String> defaults = new LinkedHashMap<>();
        private Path file;
        private Map<String, String> environment = Map.of();
        private final Map<String, String> commandLine = new LinkedHashMap<>();

        /** Defaults of a mode (the demo's short cooldown), still below every other source. */
        public Sources modeDefaults(Map<String, String> overrides) {
            defaults.putAll(overrides);
            return this;
        }

        public Sources file(Path path) {
            this.file = path;
            return this;
        }

        public Sources environment(Map<String, String> env) {
            this.environment = env;
            return this;
        }

        public Sources commandLine(Map<String, String> options) {
            commandLine.putAll(options);
            return this;
        }
    }

    public static MonitorConfig defaults() {
        return resolve(new Sources());
    }

    public static MonitorConfig resolve(Sources sources) {
        Map<String, Sourced> raw = new LinkedHashMap<>();
        for (Setting s : Settings.ALL) {
            raw.put(s.key(), new Sourced(s.defaultValue(), null));
        }
        sources.defaults.forEach((k, v) -> raw.put(k, new Sourced(v, null)));
        if (sources.file != null) {
            putAll(raw, readFile(sources.file), "file " + sources.file);
        }
        putAll(raw, fromEnvironment(sources.environment), "environment");
        putAll(raw, sources.commandLine, "command line");

        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> kafka = new TreeMap<>();
        raw.forEach(
                (key, sourced) -> {
                    if (key.startsWith(Settings.KAFKA_PREFIX)) {
                        kafka.put(key.substring(Settings.KAFKA_PREFIX.length()), sourced.value());
                        return;
                    }
                    Setting setting = Settings.get(key);
                    try {
                        values.put(key, setting.parse(sourced.value()));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigException(
                                key, sourced.value(), sourced.source(), e.getMessage());
                    }
                });
        MonitorConfig config =
                new MonitorConfig(
                        Collections.unmodifiableMap(values), Collections.unmodifiableMap(kafka));
        config.checkConsistency(raw);
        return config;
    }

    private static void putAll(Map<String, Sourced> raw, Map<String, String> layer, String source) {
        layer.forEach(
                (key, value) -> {
                    String k = key.trim();
                    String replacedBy = Settings.REMOVED.get(k);
                    if (replacedBy != null) {
                        throw new ConfigException(
                                k,
                                "setting "
                                        + k
                                        + " (from "
                                        + source
                                        + ") was removed: "
                                        + replacedBy
                                        + "; remove it");
                    }
                    if (!Settings.isKnown(k)) {
                        throw new ConfigException(
                                k,
                                "unknown setting "
                                        + k
                                        + " (from "
                                        + source
                                        + "); "
                                        + "see --help for every setting, or prefix Kafka client settings with kafka.");
                    }
                    raw.put(k, new Sourced(value, source));
                });
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException(
                    "config", "cannot read --config " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /**
     * Known settings by their variable name; {@code BOUNCEWATCH_KAFKA_X_Y} passes {@code x.y} to
     * Kafka.
     */
    private static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        Settings.ALL.forEach(s -> byVariable.put(s.environmentVariable(), s.key()));
        Settings.REMOVED.keySet().forEach(k -> byVariable.put(Setting.environmentVariable(k), k));
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach(
                (name, value) -> {
                    if (!name.startsWith("BOUNCEWATCH_")) {
                        return;
                    }
                    String key = byVariable.get(name);
                    if (key == null && name.startsWith("BOUNCEWATCH_KAFKA_")) {
                        key =
                                Settings.KAFKA_PREFIX
                                        + name.substring("BOUNCEWATCH_KAFKA_".length())
                                                .toLowerCase(Locale.ROOT)
                                                .replace('_', '.');
                    }
                    if (key == null) {
                        throw new ConfigException(
                                name,
                                "unknown environment variable "
                                        + name
                                        + "; see --help for the variable of every setting");
                    }
                    out.put(key, value);
                });
        return out;
    }

    private void checkConsistency(Map<String, Sourced> raw) {
        notAbove(raw, "threshold.warning-bounces", "threshold.pause-bounces");
        notAbove(raw, "threshold.warning-bounce-rate", "threshold.pause-bounce-rate");
        notAbove(
                raw,
                "threshold.recovery-rate",
                "threshold.warning-bounce-rate",
                "a recovery rate must not be above the rate that warns");
        notAbove(raw, "threshold.warning-complaints", "threshold.pause-complaints");
        notAbove(raw, "domain.warning-ratio", "domain.pause-ratio");
        notAbove(raw, "domain.config-warning", "domain.config-pause");
        notBelow(raw, "cooldown.max", "cooldown.duration");
        notBelow(raw, "commit.max-interval", "commit.interval");
        notBelow(raw, "route.throttle-max-backoff", "route.throttle-backoff");
        together(raw, "ingest.postmark.username", "ingest.postmark.password");
        together(raw, "ingest.postmark.password", "ingest.postmark.username");
    }

    /**
     * Credentials that only work as a pair: the one left empty is named, never the other's value.
     */
    private void together(Map<String, Sourced> raw, String key, String partner) {
        if (string(key).isEmpty() && !string(partner).isEmpty()) {
            throw new ConfigException(
                    key,
                    "",
                    raw.get(key).source(),
                    "must be set when " + partner + " is: set both, or neither to turn it off");
        }
    }

    /** A cap must not be below the duration it caps. */
    private void notBelow(Map<String, Sourced> raw, String max, String base) {
        if (duration(max).compareTo(duration(base)) < 0) {
            Sourced m = raw.get(max);
            throw new ConfigException(
                    max,
                    m.value(),
                    m.source(),
                    "must not be below " + base + "=" + raw.get(base).value());
        }
    }

    private void notAbove(Map<String, Sourced> raw, String warning, String pause) {
        notAbove(raw, warning, pause, "a warning threshold must not be above its pause threshold");
    }

    private void notAbove(Map<String, Sourced> raw, String lower, String upper, String rule) {
        if (((Number) values.get(lower)).doubleValue()
                > ((Number) values.get(upper)).doubleValue()) {
            Sourced l = raw.get(lower);
            throw new ConfigException(
                    lower,
                    l.value(),
                    l.source(),
                    rule + " " + upper + "=" + raw.get(upper).value());
        }
    }

    // ---- typed access

    public String string(String key) {
        return (String) value(key);
    }

    public int integer(String key) {
        return (Integer) value(key);
    }

    public double decimal(String key) {
        return (Double) value(key);
    }

    public boolean bool(String key) {
        return (Boolean) value(key);
    }

    public Duration duration(String key) {
        return (Duration) value(key);
    }

    /** A size setting in bytes. */
    public long size(String key) {
        return (Long) value(key);
    }

    private Object value(String key) {
        Object value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return value;
    }

    public String bootstrapServers() {
        return string("bootstrap.servers");
    }

    public boolean embeddedBroker() {
        return bootstrapServers().isEmpty();
    }

    public int httpPort() {
        return integer("http.port");
    }

    public Path dataDir() {
        return Path.of(string("data.dir"));
    }

    public String applicationId() {
        return string("application.id");
    }

    /** Settings for the Kafka clients and Kafka Streams, without the {@code kafka.} prefix. */
    public Map<String, String> kafkaOverrides() {
        return kafka;
    }

    public Topics topics() {
        return new Topics(
                string("topic.sends"),
                string("topic.bounces"),
                string("topic.complaints"),
                string("topic.commands"),
                string("topic.dsn"),
                string("topic.status-changes"),
                string("topic.mailbox-status"),
                string("topic.domain-status"),
                string("topic.dead-letters"),
                string("topic.domain-blocks"),
                string("topic.suppressions"),
                string("topic.kumomta"),
                string("topic.postfix"));
    }

    public RuleSettings rules() {
        return RuleSettings.from(values);
    }

    public TopologySettings topologySettings() {
        return new TopologySettings(
                topics(),
                rules(),
                duration("cooldown.check-interval"),
                0,
                duration("commit.interval"),
                duration("commit.max-interval"),
                integer("state.cached-mailboxes"),
                bool("state.write-behind"),
                Math.toIntExact(size("dsn.max-bytes")),
                duration("ingest.postfix.retention"));
    }

    /** Every setting with its value, for the start-up log. */
    public Map<String, Object> values() {
        return values;
    }

    private record Sourced(String value, String source) {}
}
