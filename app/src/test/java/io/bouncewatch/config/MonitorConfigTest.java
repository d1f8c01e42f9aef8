package io.bouncewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.dsn.BounceMessageParser;
import io.bouncewatch.rules.RuleSetting;
import io.bouncewatch.rules.RuleSettings;
import io.bouncewatch.topology.TopologySettings;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorConfigTest {

    @TempDir Path dir;

    @Test
    void defaultsAreTheContractsAndTheRulesDefaults() {
        MonitorConfig config = MonitorConfig.defaults();
        assertThat(config.bootstrapServers()).isEmpty();
        assertThat(config.embeddedBroker()).isTrue();
        assertThat(config.integer("embedded.kafka.port")).isEqualTo(9092);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.applicationId()).isEqualTo("bouncewatch");
        assertThat(config.string("processing.guarantee")).isEqualTo("exactly_once_v2");
        assertThat(config.rules()).isEqualTo(RuleSettings.DEFAULTS);
        TopologySettings topology = config.topologySettings();
        assertThat(topology.commitInterval())
                .isEqualTo(TopologySettings.DEFAULT_COMMIT_INTERVAL)
                .isEqualTo(Duration.ofMillis(100));
        assertThat(topology.maxCommitInterval())
                .isEqualTo(TopologySettings.DEFAULT_MAX_COMMIT_INTERVAL)
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(topology.cachedMailboxes()).isEqualTo(TopologySettings.DEFAULT_CACHED_MAILBOXES);
        assertThat(config.topics().all())
                .containsExactly(
                        "email.sends",
                        "email.bounces",
                        "email.complaints",
                        "mailbox.commands",
                        "email.dsn",
                        "health.status-changes",
                        "mailbox.status",
                        "domain.status",
                        "health.dead-letters",
                        "health.domain-blocks",
                        "recipient.suppressions",
                        "ingest.kumomta",
                        "ingest.postfix");
        assertThat(topology.postfixRetention())
                .isEqualTo(TopologySettings.DEFAULT_POSTFIX_RETENTION)
                .isEqualTo(Duration.ofDays(7));
    }

    /**
     * A value set for any rule setting reaches the component its declaration names, and only that
     * one.
     */
    @Test
    void everyRuleSettingReachesItsComponentOfTheRules() throws ReflectiveOperationException {
        for (RuleSetting rule : RuleSetting.ALL) {
            String value = otherValue(rule);
            RuleSettings rules =
                    MonitorConfig.resolve(
                                    new MonitorConfig.Sources()
                                            .commandLine(Map.of(rule.key(), value)))
                            .rules();

            Object expected = Settings.get(rule.key()).parse(value);
            for (RecordComponent c : RuleSettings.class.getRecordComponents()) {
                Object actual = c.getAccessor().invoke(rules);
                Object byDefault = c.getAccessor().invoke(RuleSettings.DEFAULTS);
                assertThat(actual)
                        .as(rule.key() + "=" + value + " -> " + c.getName())
                        .isEqualTo(c.getName().equals(rule.component()) ? expected : byDefault);
            }
            assertThat(expected).as(rule.key()).isNotEqualTo(rule.typedDefault());
        }
    }

    /**
     * A valid value other than the default: a decimal goes up by half, the recovery rate down by
     * half, and everything else up, so no pair conflicts (every warning stays at or under its pause
     * threshold, the recovery rate under the warning rate).
     */
    private static String otherValue(RuleSetting rule) {
        Object d = rule.typedDefault();
        if (d instanceof Integer i) {
            return Integer.toString(i + 1);
        }
        if (d instanceof Double x) {
            return Double.toString(rule.key().contains("recovery") ? x / 2 : x * 1.5);
        }
        if (d instanceof Boolean b) {
            return Boolean.toString(!b);
        }
        return ((Duration) d).multipliedBy(2).toString();
    }

    @Test
    void sizesTakeA1024BasedUnitOrNoneAndDefaultTo1GiB() {
        assertThat(MonitorConfig.resolve(new MonitorConfig.Sources()).size("data.dir.min-free"))
                .isEqualTo(1L << 30);
        assertThat(
                        MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("data.dir.min-free", "500MB")))
                                .size("data.dir.min-free"))
                .isEqualTo(500L << 20);
        assertThat(
                        MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("data.dir.min-free", "2tb")))
                                .size("data.dir.min-free"))
                .isEqualTo(2L << 40);
        assertThat(
                        MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("data.dir.min-free", "0")))
                                .size("data.dir.min-free"))
                .isZero();
    }

    @Test
    void theLargestRawMessageIs1MiBUnlessSetAndReachesTheTopology() {
        assertThat(MonitorConfig.defaults().topologySettings().dsnMaxBytes())
                .isEqualTo(BounceMessageParser.DEFAULT_MAX_BYTES)
                .isEqualTo(1_048_576);
        assertThat(
                        MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("dsn.max-bytes", "512KB")))
                                .topologySettings()
                                .dsnMaxBytes())
                .isEqualTo(512 * 1024);
    }

    /** Below 1 KiB no bounce is read; above 8 MiB none fits the topic that brings them. */
    @Test
    void aRawMessageLimitOutside1KiBTo8MiBStopsTheStartNamingWhatIsAllowed() {
        for (String value : List.of("0", "1023", "9MB", "1.5MB", "lots")) {
            assertThatThrownBy(
                            () ->
                                    MonitorConfig.resolve(
                                            new MonitorConfig.Sources()
                                                    .commandLine(Map.of("dsn.max-bytes", value))))
                    .as(value)
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "invalid setting dsn.max-bytes="
                                    + value
                                    + " (from command line): a size from 1KB to 8MB, such as 512KB or 1MB"
                                    + " (B, KB, MB; 1 KB = 1024 B)");
        }
    }

    @Test
    void precedenceIsDefaultsThenFileThenEnvironmentThenCommandLine() throws IOException {
        Path file = dir.resolve("bw.properties");
        Files.writeString(
                file, "http.port=8001\nembedded.kafka.port=9001\napplication.id=from-file\n");
        MonitorConfig config =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .file(file)
                                .environment(
                                        Map.of(
                                                "BOUNCEWATCH_HTTP_PORT",
                                                "8002",
                                                "BOUNCEWATCH_APPLICATION_ID",
                                                "from-env",
                                                "PATH",
                                                "/usr/bin"))
                                .commandLine(Map.of("http.port", "8003")));
        assertThat(config.httpPort()).isEqualTo(8003);
        assertThat(config.applicationId()).isEqualTo("from-env");
        assertThat(config.integer("embedded.kafka.port")).isEqualTo(9001);
    }

    @Test
    void modeDefaultsSitBelowEveryOtherSource() {
        MonitorConfig demo =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .modeDefaults(Map.of("cooldown.duration", "1m"))
                                .environment(Map.of()));
        assertThat(demo.rules().cooldown()).isEqualTo(Duration.ofMinutes(1));
        MonitorConfig overridden =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .modeDefaults(Map.of("cooldown.duration", "1m"))
                                .commandLine(Map.of("cooldown.duration", "2h")));
        assertThat(overridden.rules().cooldown()).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void everyRuleThresholdIsASetting() {
        MonitorConfig config =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .commandLine(
                                        Map.ofEntries(
                                                Map.entry("window.max-sends", "200"),
                                                Map.entry("window.retain-fraction", "0.25"),
                                                Map.entry("threshold.min-sends", "50"),
                                                Map.entry("threshold.pause-bounces", "7"),
                                                Map.entry("threshold.pause-bounce-rate", "0.05"),
                                                Map.entry("threshold.warning-bounces", "4"),
                                                Map.entry("threshold.warning-bounce-rate", "0.04"),
                                                Map.entry("threshold.recovery-rate", "0.03"),
                                                Map.entry("threshold.recovery-sends", "80"),
                                                Map.entry("threshold.pause-complaints", "3"),
                                                Map.entry("threshold.warning-complaints", "2"),
                                                Map.entry("cooldown.duration", "12h"),
                                                Map.entry("cooldown.max", "3d"),
                                                Map.entry("cooldown.escalation-window", "PT48H"),
                                                Map.entry("healing.probation-sends", "30"),
                                                Map.entry("bounce.count-soft", "TRUE"),
                                                Map.entry("domain.warning-ratio", "0.2"),
                                                Map.entry("domain.pause-ratio", "0.4"),
                                                Map.entry("domain.min-mailboxes", "5"),
                                                Map.entry("domain.inactive-after", "14d"),
                                                Map.entry("domain.config-warning", "4"),
                                                Map.entry("domain.config-pause", "12"),
                                                Map.entry("domain.config-cooldown", "30m"),
                                                Map.entry("dedupe.window", "3d"),
                                                Map.entry("dedupe.send-window", "PT2H"),
                                                Map.entry("route.throttle-backoff", "5m"),
                                                Map.entry("route.throttle-max-backoff", "PT1H"),
                                                Map.entry("route.block-threshold", "3"),
                                                Map.entry("route.block-duration", "12h"),
                                                Map.entry("suppression.soft-bounces", "4"),
                                                Map.entry("suppression.soft-window", "3d"),
                                                Map.entry("suppression.soft-ttl", "PT48H"))));
        assertThat(config.rules())
                .isEqualTo(
                        new RuleSettings(
                                200,
                                0.25,
                                50,
                                7,
                                0.05,
                                4,
                                0.04,
                                0.03,
                                80,
                                3,
                                2,
                                Duration.ofHours(12),
                                Duration.ofDays(3),
                                Duration.ofHours(48),
                                30,
                                true,
                                0.2,
                                0.4,
                                5,
                                Duration.ofDays(14),
                                4,
                                12,
                                Duration.ofMinutes(30),
                                Duration.ofDays(3),
                                Duration.ofHours(2),
                                Duration.ofMinutes(5),
                                Duration.ofHours(1),
                                3,
                                Duration.ofHours(12),
                                4,
                                Duration.ofDays(3),
                                Duration.ofDays(2)));
    }

    @Test
    void kafkaPrefixedSettingsPassThroughFromEverySource() throws IOException {
        Path file = dir.resolve("bw.properties");
        Files.writeString(file, "kafka.security.protocol=SASL_SSL\n");
        MonitorConfig config =
                MonitorConfig.resolve(
                        new MonitorConfig.Sources()
                                .file(file)
                                .environment(Map.of("BOUNCEWATCH_KAFKA_SASL_MECHANISM", "PLAIN"))
                                .commandLine(Map.of("kafka.commit.interval.ms", "200")));
        assertThat(config.kafkaOverrides())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "security.protocol",
                                "SASL_SSL",
                                "sasl.mechanism",
                                "PLAIN",
                                "commit.interval.ms",
                                "200"));
    }

    @Test
    void theRemovedDedupeIdsPerMailboxIsRefusedNamingWhatReplacedIt() throws IOException {
        Path file = dir.resolve("old.properties");
        Files.writeString(file, "dedupe.ids-per-mailbox=16\n");

        assertThatThrownBy(() -> MonitorConfig.resolve(new MonitorConfig.Sources().file(file)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "setting dedupe.ids-per-mailbox (from file "
                                + file
                                + ") was removed: duplicates are now dropped within a time"
                                + " window, not among the last few ids: see dedupe.window"
                                + " (bounces and complaints, 7d) and dedupe.send-window (sends,"
                                + " 1h); remove it");
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .environment(
                                                        Map.of(
                                                                "BOUNCEWATCH_DEDUPE_IDS_PER_MAILBOX",
                                                                "16"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "setting dedupe.ids-per-mailbox (from environment) was removed:");
    }

    @Test
    void aDedupeWindowMustBeADurationOfAtLeastASecond() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of("dedupe.send-window", "500ms"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting dedupe.send-window=500ms (from command line): a duration"
                                + " of at least 1s, such as 500ms, 30s, 5m, 24h, 7d or PT24H");
    }

    @Test
    void anUnknownEnvironmentVariableOfOursIsNamed() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .environment(
                                                        Map.of("BOUNCEWATCH_HTTP_PROT", "8080"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown environment variable BOUNCEWATCH_HTTP_PROT");
    }

    @Test
    void aCooldownCapBelowTheCooldownIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of(
                                                                "cooldown.duration",
                                                                "48h",
                                                                "cooldown.max",
                                                                "1d"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting cooldown.max=1d (from command line): must not be below cooldown.duration=48h");
    }

    @Test
    void aRouteBackoffCapBelowTheBackoffIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of(
                                                                "route.throttle-backoff",
                                                                "1h",
                                                                "route.throttle-max-backoff",
                                                                "30m"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting route.throttle-max-backoff=30m (from command line): must not be below route.throttle-backoff=1h");
    }

    @Test
    void aRouteBlockThresholdOfZeroIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("route.block-threshold", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "invalid setting route.block-threshold=0 (from command line): ");
    }

    @Test
    void aSuppressionSettingOutOfRangeIsRefusedInOneLine() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of("suppression.soft-bounces", "0"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "invalid setting suppression.soft-bounces=0 (from command line): ")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(Map.of("suppression.soft-ttl", "0s"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "invalid setting suppression.soft-ttl=0s (from command line): ");
    }

    @Test
    void aDomainWarningRatioAboveThePauseRatioIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of("domain.warning-ratio", "0.6"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting domain.warning-ratio=0.6 (from command line): a warning threshold must "
                                + "not be above its pause threshold domain.pause-ratio=0.50");
    }

    @Test
    void aRecoveryRateAboveTheWarningRateIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of(
                                                                "threshold.recovery-rate",
                                                                "0.025"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting threshold.recovery-rate=0.025 (from command line): a recovery"
                                + " rate must not be above the rate that warns"
                                + " threshold.warning-bounce-rate=0.02");
    }

    @Test
    void aDomainConfigWarningAboveItsPauseIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of("domain.config-warning", "11"))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting domain.config-warning=11 (from command line): a warning threshold must "
                                + "not be above its pause threshold domain.config-pause=10");
    }

    @Test
    void aDomainConfigPauseBeyondWhatADomainKeepsIsRefused() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .commandLine(
                                                        Map.of("domain.config-pause", "1001"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "invalid setting domain.config-pause=1001 (from command line):")
                .hasMessageContaining("1000");
    }

    @Test
    void aMissingConfigFileIsNamed() {
        assertThatThrownBy(
                        () ->
                                MonitorConfig.resolve(
                                        new MonitorConfig.Sources()
                                                .file(dir.resolve("nope.properties"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read --config " + dir.resolve("nope.properties"));
    }

    private static MonitorConfig with(Map<String, String> settings) {
        return MonitorConfig.resolve(new MonitorConfig.Sources().commandLine(settings));
    }

    @Test
    void everyIngestSourceIsOffByDefault() {
        MonitorConfig config = MonitorConfig.defaults();
        for (String key :
                List.of(
                        "ingest.ses.topic-arns",
                        "ingest.ses.certificate-source",
                        "ingest.sendgrid.public-key",
                        "ingest.mailgun.signing-key",
                        "ingest.postmark.username",
                        "ingest.postmark.password")) {
            assertThat(config.string(key)).as(key).isEmpty();
        }
        assertThat(config.string("ingest.sendgrid.sender-arg")).isEqualTo("bw_mailbox");
        assertThat(config.duration("ingest.max-age")).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.duration("ingest.postfix.retention")).isEqualTo(Duration.ofDays(7));
    }

    /** A key pasted wrong would refuse every signed request: it stops the start instead. */
    @Test
    void theSendGridKeyMustBeABase64P256PublicKey() throws Exception {
        KeyPairGenerator p256 = KeyPairGenerator.getInstance("EC");
        p256.initialize(new ECGenParameterSpec("secp256r1"));
        String good =
                Base64.getEncoder().encodeToString(p256.generateKeyPair().getPublic().getEncoded());
        assertThat(
                        with(Map.of("ingest.sendgrid.public-key", good))
                                .string("ingest.sendgrid.public-key"))
                .isEqualTo(good);

        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        String otherCurve =
                Base64.getEncoder().encodeToString(p384.generateKeyPair().getPublic().getEncoded());
        for (String bad : List.of(otherCurve, "not base64!", good.substring(0, 40))) {
            assertThatThrownBy(() -> with(Map.of("ingest.sendgrid.public-key", bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "invalid setting ingest.sendgrid.public-key="
                                    + bad
                                    + " (from command line): empty, or a base64 (DER) ECDSA P-256"
                                    + " public key");
        }
    }

    @Test
    void postmarkCredentialsAreSetBothOrNeitherNamingTheMissingOne() {
        assertThatThrownBy(() -> with(Map.of("ingest.postmark.username", "postmark")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "invalid setting ingest.postmark.password=: must be set when"
                                + " ingest.postmark.username is: set both, or neither to turn it off");
        assertThatThrownBy(() -> with(Map.of("ingest.postmark.password", "a-long-enough-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("invalid setting ingest.postmark.username=: must be set");
        assertThatThrownBy(
                        () ->
                                with(
                                        Map.of(
                                                "ingest.postmark.username",
                                                "postmark",
                                                "ingest.postmark.password",
                                                "short")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("16 to 200 printable characters");
        MonitorConfig both =
                with(
                        Map.of(
                                "ingest.postmark.username",
                                "postmark",
                                "ingest.postmark.password",
                                "a-long-enough-secret"));
        assertThat(both.string("ingest.postmark.password")).isEqualTo("a-long-enough-secret");
    }

    @Test
    void sesTopicsAreArnsSeparatedByCommas() {
        String two =
                "arn:aws:sns:us-east-1:123456789012:ses-bounces,"
                        + " arn:aws:sns:eu-west-1:123456789012:ses-complaints";
        assertThat(with(Map.of("ingest.ses.topic-arns", two)).string("ingest.ses.topic-arns"))
                .isEqualTo(two);
        assertThatThrownBy(() -> with(Map.of("ingest.ses.topic-arns", "ses-bounces")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SNS topic ARNs separated by commas");
        assertThatThrownBy(
                        () -> with(Map.of("ingest.ses.certificate-source", "http://certs.test/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a URL prefix starting https:// or file:");
    }
}
