package io.bouncewatch.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure every topic exists before the streams start: creates the missing ones from their
 * definitions (idempotent), or only checks them, and refuses input topics whose partition counts
 * differ, which would split one mailbox's records across tasks. A topic that must take larger
 * records than the broker's default (raw messages, their dead letters) gets its {@code
 * max.message.bytes} when created, and raised when it exists with less (made by an earlier
 * release), since a dead letter the broker refuses would stop the stream.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration METADATA_RETRY = Duration.ofMillis(50);

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * @param create create missing topics; otherwise stop naming them
     * @param replicationFactor replication of created topics, -1 for the broker default
     */
    /**
     * @return the partition count shared by the input topics
     */
    public int provision(
            List<TopicDefinitions.Definition> definitions, boolean create, int replicationFactor) {
        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<TopicDefinitions.Definition> missing =
                definitions.stream().filter(d -> !existing.contains(d.name())).toList();
        if (!missing.isEmpty() && !create) {
            throw new StartupException(
                    "topics.create=false and these topics do not exist: "
                            + missing.stream()
                                    .map(TopicDefinitions.Definition::name)
                                    .collect(Collectors.joining(", "))
                            + "; create them (see topics/topics.json) or set topics.create=true");
        }
        if (!missing.isEmpty()) {
            int fellows = existingCoPartitionedCount(definitions, existing);
            List<NewTopic> newTopics = new ArrayList<>();
            for (TopicDefinitions.Definition d : missing) {
                Optional<Short> replication =
                        replicationFactor < 0
                                ? Optional.empty()
                                : Optional.of((short) replicationFactor);
                Map<String, String> configs = new HashMap<>();
                configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, d.cleanupPolicy());
                configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(d.retentionMs()));
                if (d.maxMessageBytes() > 0) {
                    configs.put(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(d.maxMessageBytes()));
                }
                int partitions = d.coPartitioned() && fellows > 0 ? fellows : d.partitions();
                newTopics.add(
                        new NewTopic(d.name(), Optional.of(partitions), replication)
                                .configs(configs));
            }
            try {
                admin.createTopics(newTopics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created topics {}", newTopics.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new StartupException(
                            "cannot create topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new StartupException(
                        "creating topics took longer than startup.timeout=" + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while creating topics");
            }
        }
        checkRecordLimits(
                definitions.stream().filter(d -> existing.contains(d.name())).toList(), create);
        return checkPartitions(definitions);
    }

    /**
     * Raises {@code max.message.bytes} of existing topics that take smaller records than their
     * definition says, or, when topics are not to be created, refuses to start on them.
     */
    private void checkRecordLimits(List<TopicDefinitions.Definition> existing, boolean create) {
        Map<ConfigResource, TopicDefinitions.Definition> limited = new LinkedHashMap<>();
        for (TopicDefinitions.Definition d : existing) {
            if (d.maxMessageBytes() > 0) {
                limited.put(new ConfigResource(ConfigResource.Type.TOPIC, d.name()), d);
            }
        }
        if (limited.isEmpty()) {
            return;
        }
        Map<ConfigResource, Config> configs =
                await(admin.describeConfigs(limited.keySet()).all(), "describe topic configs");
        Map<ConfigResource, Collection<AlterConfigOp>> raise = new LinkedHashMap<>();
        limited.forEach(
                (resource, d) -> {
                    ConfigEntry entry =
                            configs.get(resource).get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                    long current =
                            entry == null || entry.value() == null
                                    ? 0
                                    : Long.parseLong(entry.value());
                    if (current >= d.maxMessageBytes()) {
                        return;
                    }
                    if (!create) {
                        throw new StartupException(
                                "topic "
                                        + d.name()
                                        + " takes records of at most "
                                        + current
                                        + " bytes (max.message.bytes) and must take "
                                        + d.maxMessageBytes()
                                        + "; raise it (see topics/topics.json) or set topics.create=true");
                    }
                    raise.put(
                            resource,
                            List.of(
                                    new AlterConfigOp(
                                            new ConfigEntry(
                                                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                                    Integer.toString(d.maxMessageBytes())),
                                            AlterConfigOp.OpType.SET)));
                });
        if (!raise.isEmpty()) {
            await(admin.incrementalAlterConfigs(raise).all(), "raise max.message.bytes");
            LOG.info(
                    "raised max.message.bytes of topics {}",
                    raise.keySet().stream().map(ConfigResource::name).toList());
        }
    }

    /**
     * The partition count the existing co-partitioned topics share; 0 when none exists or they
     * differ. An input topic that a later release adds, or that an operator deleted, is created
     * with it: any other count would stop the start.
     */
    private int existingCoPartitionedCount(
            List<TopicDefinitions.Definition> definitions, Set<String> existing) {
        List<String> names =
                definitions.stream()
                        .filter(TopicDefinitions.Definition::coPartitioned)
                        .map(TopicDefinitions.Definition::name)
                        .filter(existing::contains)
                        .toList();
        if (names.isEmpty()) {
            return 0;
        }
        Set<Integer> counts =
                describe(names).values().stream()
                        .map(d -> d.partitions().size())
                        .collect(Collectors.toSet());
        return counts.size() == 1 ? counts.iterator().next() : 0;
    }

    private int checkPartitions(List<TopicDefinitions.Definition> definitions) {
        List<String> coPartitioned =
                definitions.stream()
                        .filter(TopicDefinitions.Definition::coPartitioned)
                        .map(TopicDefinitions.Definition::name)
                        .toList();
        Map<String, TopicDescription> described = describe(coPartitioned);
        Map<String, Integer> counts = new TreeMap<>();
        described.forEach((name, d) -> counts.put(name, d.partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new StartupException(
                    "the input topics and "
                            + coPartitioned.get(coPartitioned.size() - 1)
                            + " must have the same number of partitions, so that every record of a mailbox meets in one"
                            + " task; they have "
                            + counts);
        }
        return counts.values().iterator().next();
    }

    /**
     * Describes topics, waiting for those just created: the controller confirms a creation before
     * the broker that answers knows the topic, and a describe in between fails with
     * UnknownTopicOrPartition.
     */
    private Map<String, TopicDescription> describe(List<String> topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return admin.describeTopics(topics)
                        .allTopicNames()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw new StartupException(
                            "cannot describe topics: " + e.getCause().getMessage(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new StartupException(
                        "no Kafka broker answered to describe topics within startup.timeout="
                                + timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting to describe topics");
            }
            try {
                Thread.sleep(METADATA_RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while waiting to describe topics");
            }
        }
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StartupException(
                    "cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartupException(
                    "no Kafka broker answered to " + what + " within startup.timeout=" + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while waiting to " + what);
        }
    }
}
