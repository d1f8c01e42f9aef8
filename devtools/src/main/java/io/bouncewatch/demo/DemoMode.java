package io.bouncewatch.demo;

import io.bouncewatch.cli.Main;
import io.bouncewatch.cli.Tool;
import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.topology.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** {@code demo}: the running monitor plus a simulated fleet publishing to its input topics. */
public final class DemoMode implements Tool {

    private static final long SEED = 20261122L;

    @Override
    public CommandSpec spec() {
        return Main.monitorCommand(
                "demo",
                "Run the monitor plus a simulated fleet of senders, some mailboxes going bad (1-minute cooldowns).");
    }

    @Override
    public int run(ParseResult parsed, PrintStream out, PrintStream err) {
        return Main.runMonitor(
                parsed,
                Map.of("cooldown.duration", "1m", "cooldown.max", "10m"),
                " with a simulated fleet",
                monitor -> start(monitor, out),
                out,
                err);
    }

    private static AutoCloseable start(Monitor monitor, PrintStream out) {
        Properties props = new Properties();
        props.putAll(monitor.config().kafkaOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, monitor.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bouncewatch-demo-fleet");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Topics topics = monitor.config().topics();
        DemoFleet fleet =
                new DemoFleet(
                        producer,
                        new DemoTopics(topics.sends(), topics.bounces(), topics.complaints()),
                        monitor.config().rules(),
                        SEED,
                        1.0);
        out.println("Simulated fleet (cooldowns last 1 minute in the demo):");
        fleet.describe().lines().forEach(line -> out.println("  " + line));
        fleet.start();
        return () -> {
            fleet.close();
            producer.close(Duration.ofSeconds(5));
        };
    }
}
