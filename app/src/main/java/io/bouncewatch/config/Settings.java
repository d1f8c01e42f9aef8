package io.bouncewatch.config;

import io.bouncewatch.ingest.SendGridSignature;
import io.bouncewatch.rules.RuleSetting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every setting of bouncewatch, in the order --help and the README list them. */
public final class Settings {

    private static final String TOPIC_NAME = "[A-Za-z0-9._-]{1,249}";
    private static final String TOPIC_ALLOWED =
            "a Kafka topic name: 1 to 249 letters, digits, '.', '_' or '-'";
    private static final String SNS_TOPIC =
            "arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,256}";

    /**
     * Every setting: the program's own, then the rule settings as {@link RuleSetting} declares
     * them.
     */
    public static final List<Setting> ALL =
            Stream.concat(
                            Stream.of(
                                    Setting.text(
                                            "bootstrap.servers",
                                            "",
                                            "|[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*",
                                            "empty (start the embedded broker) or host:port[,host:port...]",
                                            "Kafka cluster to use; empty starts the embedded single-node broker"),
                                    Setting.integer(
                                            "embedded.kafka.port",
                                            9092,
                                            0,
                                            65535,
                                            "port of the embedded broker on 127.0.0.1 (0 picks a free port)"),
                                    Setting.integer(
                                            "http.port",
                                            8080,
                                            0,
                                            65535,
                                            "HTTP API and dashboard port (0 picks a free port)"),
                                    Setting.text(
                                            "http.auth.token",
                                            "",
                                            "|[\\x21-\\x7E]{16,}",
                                            "empty, or at least 16 printable characters without spaces",
                                            "bearer token that operator actions must carry; empty: one is made at start and printed with "
                                                    + "the dashboard's address"),
                                    Setting.integer(
                                            "http.sse.max-clients",
                                            100,
                                            1,
                                            10_000,
                                            "live-feed (/api/changes/stream) clients at most; past it a new one gets 503"),
                                    Setting.text(
                                            "data.dir",
                                            "./data",
                                            ".+",
                                            "a directory path",
                                            "embedded broker log and state stores"),
                                    Setting.size(
                                            "data.dir.min-free",
                                            "1GB",
                                            "free space of data.dir under which the start warns (a full disk stops the embedded broker "
                                                    + "and the JVM); 0 turns the check off"),
                                    Setting.text(
                                            "application.id",
                                            "bouncewatch",
                                            "[A-Za-z0-9._-]{1,200}",
                                            "letters, digits, '.', '_' or '-'",
                                            "Kafka Streams application id (instances with the same id share the work)"),
                                    Setting.text(
                                            "application.server",
                                            "",
                                            "|[^\\s:/]+:\\d{1,5}",
                                            "empty or host:port",
                                            "host:port at which other instances reach this one's HTTP API; empty: localhost:<http.port>"),
                                    Setting.choice(
                                            "processing.guarantee",
                                            "exactly_once_v2",
                                            List.of("exactly_once_v2", "at_least_once"),
                                            "exactly-once counts, or at-least-once for more throughput"),
                                    Setting.integer(
                                            "num.stream.threads",
                                            2,
                                            1,
                                            64,
                                            "stream threads of this instance"),
                                    Setting.integer(
                                            "num.standby.replicas",
                                            0,
                                            0,
                                            8,
                                            "warm copies of each store kept on other instances for fast fail-over (set 1 when running two or more)"),
                                    Setting.bool(
                                            "topics.create",
                                            true,
                                            "create missing topics at start; false only checks that they exist"),
                                    Setting.integer(
                                            "topics.replication-factor",
                                            -1,
                                            -1,
                                            32767,
                                            "replication factor of created topics; -1 uses the broker default"),
                                    Setting.duration(
                                            "startup.timeout",
                                            "60s",
                                            Duration.ofSeconds(1),
                                            "how long to wait for the Kafka cluster at start"),
                                    Setting.duration(
                                            "health.cluster-timeout",
                                            "15s",
                                            Duration.ofSeconds(1),
                                            "how long the Kafka cluster may go without answering before /health/ready says 503"),
                                    Setting.duration(
                                            "cooldown.check-interval",
                                            "1s",
                                            Duration.ofMillis(10),
                                            "how often expired cooldowns, routes and suppressions are looked for"),
                                    Setting.duration(
                                            "commit.interval",
                                            "100ms",
                                            Duration.ofMillis(10),
                                            "how soon decisions are committed (and readable) while the monitor keeps up with its inputs"),
                                    Setting.duration(
                                            "commit.max-interval",
                                            "2s",
                                            Duration.ofMillis(10),
                                            "how far apart commits may be while the monitor catches up on a backlog (fewer commits, "
                                                    + "fewer state writes); Kafka Streams' commit.interval.ms"),
                                    Setting.integer(
                                            "state.cached-mailboxes",
                                            50_000,
                                            1,
                                            100_000_000,
                                            "mailbox states each stream task keeps decoded in memory, about 0.5 KB each"),
                                    Setting.bool(
                                            "state.write-behind",
                                            true,
                                            "write mailbox states once per commit from the monitor's own buffer; false writes them per "
                                                    + "event through Kafka Streams' record cache (and mailbox.status per event)"),
                                    Setting.size(
                                            "dsn.max-bytes",
                                            "1MB",
                                            1024,
                                            8L * 1024 * 1024,
                                            "largest raw message read from topic.dsn; a larger one goes to the dead letters unread"),
                                    Setting.text(
                                            "topic.sends",
                                            "email.sends",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: sends"),
                                    Setting.text(
                                            "topic.bounces",
                                            "email.bounces",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: bounces"),
                                    Setting.text(
                                            "topic.complaints",
                                            "email.complaints",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: spam complaints"),
                                    Setting.text(
                                            "topic.commands",
                                            "mailbox.commands",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: operator commands"),
                                    Setting.text(
                                            "topic.dsn",
                                            "email.dsn",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: raw bounce messages and feedback reports"),
                                    Setting.text(
                                            "topic.status-changes",
                                            "health.status-changes",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "output: one record per status transition"),
                                    Setting.text(
                                            "topic.mailbox-status",
                                            "mailbox.status",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "output, compacted: latest state of every mailbox"),
                                    Setting.text(
                                            "topic.domain-status",
                                            "domain.status",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "output, compacted: latest state of every domain"),
                                    Setting.text(
                                            "topic.dead-letters",
                                            "health.dead-letters",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "output: rejected records with the reason"),
                                    Setting.text(
                                            "topic.domain-blocks",
                                            "health.domain-blocks",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "internal: domain pauses sent back to every mailbox partition"),
                                    Setting.text(
                                            "topic.suppressions",
                                            "recipient.suppressions",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "output, compacted: the suppression list, keyed by recipient"),
                                    Setting.text(
                                            "topic.kumomta",
                                            "ingest.kumomta",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: KumoMTA's JSON log records, as its Kafka log hook publishes them"),
                                    Setting.text(
                                            "topic.postfix",
                                            "ingest.postfix",
                                            TOPIC_NAME,
                                            TOPIC_ALLOWED,
                                            "input: Postfix log lines, joined by queue id into sends and bounces"),
                                    Setting.text(
                                            "ingest.ses.topic-arns",
                                            "",
                                            "|" + SNS_TOPIC + "(\\s*,\\s*" + SNS_TOPIC + ")*",
                                            "empty (Amazon SES off) or SNS topic ARNs separated by commas, such as "
                                                    + "arn:aws:sns:us-east-1:123456789012:ses-bounces",
                                            "SNS topics whose subscriptions POST /ingest/ses confirms and whose SES notifications "
                                                    + "it accepts; empty: Amazon SES off"),
                                    Setting.text(
                                            "ingest.ses.certificate-source",
                                            "",
                                            "|(https://|file:)\\S+",
                                            "empty, or a URL prefix starting https:// or file:",
                                            "where SNS signing certificates and subscription confirmations may come from: empty, only "
                                                    + "https from an SNS host of amazonaws.com; else a prefix every SigningCertURL "
                                                    + "and SubscribeURL must start with"),
                                    ecPublicKey(
                                            "ingest.sendgrid.public-key",
                                            "base64 (DER) ECDSA P-256 public key of SendGrid's Signed Event Webhook; empty: "
                                                    + "SendGrid off"),
                                    Setting.text(
                                            "ingest.sendgrid.sender-arg",
                                            "bw_mailbox",
                                            "[A-Za-z0-9_.-]{1,100}",
                                            "1 to 100 letters, digits, '_', '.' or '-'",
                                            "SendGrid custom argument that names the sending mailbox of each event"),
                                    Setting.text(
                                            "ingest.mailgun.signing-key",
                                            "",
                                            "|[\\x21-\\x7E]{16,}",
                                            "empty (Mailgun off), or at least 16 printable characters without spaces",
                                            "Mailgun's HTTP webhook signing key, to verify POST /ingest/mailgun; empty: Mailgun off"),
                                    Setting.text(
                                            "ingest.postmark.username",
                                            "",
                                            "|[\\x21-\\x39\\x3B-\\x7E]{1,200}",
                                            "empty (Postmark off), or 1 to 200 printable characters without spaces or ':'",
                                            "HTTP Basic user name Postmark's webhooks must send to POST /ingest/postmark; empty "
                                                    + "with ingest.postmark.password: Postmark off"),
                                    Setting.text(
                                            "ingest.postmark.password",
                                            "",
                                            "|[\\x21-\\x7E]{16,200}",
                                            "empty (Postmark off), or 16 to 200 printable characters without spaces",
                                            "HTTP Basic password Postmark's webhooks must send to POST /ingest/postmark"),
                                    Setting.duration(
                                            "ingest.max-age",
                                            "5m",
                                            Duration.ofSeconds(1),
                                            "oldest signed webhook timestamp accepted (and the most one may be ahead of this "
                                                    + "clock); a replayed token is refused for as long; SNS "
                                                    + "messages: an hour (SNS's retries) plus this"),
                                    Setting.duration(
                                            "ingest.postfix.retention",
                                            "7d",
                                            Duration.ofMinutes(1),
                                            "how long the Postfix join keeps a queue id that no line has touched")),
                            RuleSetting.ALL.stream().map(Settings::of))
                    .toList();

    /**
     * Settings of earlier releases that no longer exist, with what took their place: a
     * configuration that still names one is refused with that, rather than run without the
     * behaviour its author tuned or refused as if the name were a typo.
     */
    static final Map<String, String> REMOVED =
            Map.of(
                    "dedupe.ids-per-mailbox",
                    "duplicates are now dropped within a time window, not among the last few ids:"
                            + " see dedupe.window (bounces and complaints, 7d) and"
                            + " dedupe.send-window (sends, 1h)");

    /** Settings passed through to the Kafka clients and Kafka Streams start with this prefix. */
    public static final String KAFKA_PREFIX = "kafka.";

    private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();

    static {
        ALL.forEach(s -> BY_KEY.put(s.key(), s));
    }

    private Settings() {}

    private static Setting of(RuleSetting rule) {
        if (rule.kind() instanceof RuleSetting.Whole whole) {
            return Setting.integer(
                    rule.key(),
                    Integer.parseInt(rule.defaultValue()),
                    whole.min(),
                    whole.max(),
                    rule.doc());
        }
        if (rule.kind() instanceof RuleSetting.Decimal decimal) {
            return Setting.decimal(
                    rule.key(),
                    rule.defaultValue(),
                    0,
                    decimal.max(),
                    decimal.maxInclusive(),
                    rule.doc());
        }
        if (rule.kind() instanceof RuleSetting.Flag) {
            return Setting.bool(rule.key(), Boolean.parseBoolean(rule.defaultValue()), rule.doc());
        }
        return Setting.duration(
                rule.key(),
                rule.defaultValue(),
                ((RuleSetting.Length) rule.kind()).min(),
                rule.doc());
    }

    /**
     * An ECDSA public key on the P-256 curve as base64 DER (X.509 SubjectPublicKeyInfo), or empty;
     * checked at start so that a key pasted wrong stops the program rather than refuses every
     * request.
     */
    private static Setting ecPublicKey(String key, String doc) {
        String allowed = "empty, or a base64 (DER) ECDSA P-256 public key";
        return new Setting(
                key,
                "",
                doc,
                allowed,
                text -> {
                    if (!text.isEmpty()) {
                        try {
                            // The very check the SendGrid source makes of its key.
                            SendGridSignature.of(text);
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(allowed, e);
                        }
                    }
                    return text;
                });
    }

    public static Setting get(String key) {
        Setting setting = BY_KEY.get(key);
        if (setting == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return setting;
    }

    static boolean isKnown(String key) {
        return BY_KEY.containsKey(key)
                || (key.startsWith(KAFKA_PREFIX) && key.length() > KAFKA_PREFIX.length());
    }
}
