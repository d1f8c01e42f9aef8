package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.bouncewatch.config.MonitorConfig;
import io.bouncewatch.topology.Topics;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integration tests' common settings leave no topic at its default name and give each prefix
 * its own consumer group, so that two tests on one broker never read each other's records.
 */
class MonitorSettingsTest {

    @Test
    void everyTopicTheMonitorUsesIsNamedAfterThePrefix(@TempDir Path dataDir) {
        MonitorConfig config =
                MonitorSettings.resolve(MonitorSettings.of("127.0.0.1:1", dataDir, "unit"));
        Topics topics = config.topics();

        assertThat(
                        new String[] {
                            topics.sends(),
                            topics.bounces(),
                            topics.complaints(),
                            topics.commands(),
                            topics.dsn(),
                            topics.statusChanges(),
                            topics.mailboxStatus(),
                            topics.domainStatus(),
                            topics.deadLetters(),
                            topics.domainBlocks(),
                            topics.suppressions(),
                            topics.kumomta(),
                            topics.postfix()
                        })
                .containsExactly(
                        "unit.sends",
                        "unit.bounces",
                        "unit.complaints",
                        "unit.commands",
                        "unit.dsn",
                        "unit.status-changes",
                        "unit.mailbox-status",
                        "unit.domain-status",
                        "unit.dead-letters",
                        "unit.domain-blocks",
                        "unit.suppressions",
                        "unit.kumomta",
                        "unit.postfix");
        assertThat(MonitorSettings.topic("unit", "bounces")).isEqualTo(topics.bounces());
        assertThat(config.applicationId()).isEqualTo("it-unit");
    }
}
