package io.bouncewatch.cli;

import io.bouncewatch.config.ConfigException;
import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.rules.RuleSetting;
import io.bouncewatch.rules.RuleSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the what-if commands ({@code evaluate}, {@code replay}) share: their options for the
 * settings in force and the candidate, and how both are resolved, as {@code run} resolves its
 * settings (defaults < --config file < environment; the candidate's changes as a command line).
 */
final class WhatIfSettings {

    private WhatIfSettings() {}

    /** {@code --set KEY=VALUE}, repeatable; {@code more} ends its description. */
    static void addSet(CommandSpec spec, String more) {
        spec.addOption(
                OptionSpec.builder("--set")
                        .paramLabel("KEY=VALUE")
                        .type(Map.class)
                        .auxiliaryTypes(String.class, String.class)
                        .description(
                                "a rule setting of the candidate, repeatable (e.g. --set"
                                        + " threshold.pause-bounce-rate=0.05)"
                                        + more)
                        .build());
    }

    /** {@code --config FILE}: the settings in force. */
    static void addConfig(CommandSpec spec) {
        spec.addOption(
                OptionSpec.builder("--config")
                        .paramLabel("FILE")
                        .type(String.class)
                        .description("properties file of the settings in force, as run reads it")
                        .build());
    }

    /** {@code --json}: one object instead of the table. */
    static void addJson(CommandSpec spec) {
        spec.addOption(
                OptionSpec.builder("--json")
                        .arity("0")
                        .type(boolean.class)
                        .description("print one JSON object instead of the table")
                        .build());
    }

    /** The settings in force: defaults < {@code file} (may be null) < environment. */
    static MonitorConfig inForce(Path file, Map<String, String> environment) {
        return MonitorConfig.resolve(sources(file, environment));
    }

    /**
     * The settings in force with {@code changes}, resolved like run's command line so that an
     * unknown key or a bad value reads the same; then a program setting (a port, a topic), which
     * the rules never see, is refused.
     */
    static RuleSettings candidate(
            Path file, Map<String, String> environment, Map<String, String> changes) {
        RuleSettings rules =
                MonitorConfig.resolve(sources(file, environment).commandLine(changes)).rules();
        changes.keySet().forEach(WhatIfSettings::requireRuleSetting);
        return rules;
    }

    private static MonitorConfig.Sources sources(Path file, Map<String, String> environment) {
        return new MonitorConfig.Sources().file(file).environment(environment);
    }

    private static void requireRuleSetting(String key) {
        if (RuleSetting.ALL.stream().noneMatch(s -> s.key().equals(key))) {
            throw new ConfigException(
                    key,
                    "--set "
                            + key
                            + ": not a rule setting, and the simulation runs only the rules; --set"
                            + " takes "
                            + RuleSetting.ALL.stream()
                                    .map(s -> s.key().substring(0, s.key().indexOf('.')) + ".*")
                                    .distinct()
                                    .collect(Collectors.joining(", ")));
        }
    }
}
