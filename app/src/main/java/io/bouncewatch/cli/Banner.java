package io.bouncewatch.cli;

import io.bouncewatch.runtime.Monitor;
import io.bouncewatch.topology.Topics;
import java.io.PrintStream;

/**
 * What the program prints once it is running: where it listens and how to publish a first event.
 */
final class Banner {

    private Banner() {}

    static void print(PrintStream out, Monitor monitor, String runningAs) {
        Topics topics = monitor.config().topics();
        String kafka = monitor.bootstrapServers();
        String http = "http://localhost:" + monitor.httpPort();
        out.println();
        out.println("bouncewatch " + Main.version() + " is running" + runningAs);
        out.println(
                "  Kafka       "
                        + kafka
                        + (monitor.embeddedBroker()
                                ? "  (embedded broker, data in "
                                        + monitor.config().dataDir().toAbsolutePath().normalize()
                                        + ")"
                                : ""));
        out.println(
                "  Dashboard   "
                        + http
                        + "/"
                        + monitor.generatedToken().map(t -> "?token=" + t).orElse(""));
        out.println("  API         " + http + "/api/mailboxes   " + http + "/api/domains");
        out.println("  Health      " + http + "/health/ready   Metrics " + http + "/metrics");
        out.println(
                "  Operators   actions need Authorization: Bearer "
                        + (monitor.generatedToken().isPresent()
                                ? "<the token above, made for this run; set http.auth.token to keep one>"
                                : "<http.auth.token>"));
        out.println(
                "  Webhooks    "
                        + (monitor.webhooks().isEmpty()
                                ? "none (each of ses, sendgrid, mailgun, postmark is on once its"
                                        + " ingest.* settings are set)"
                                : monitor.webhooks().stream()
                                        .map(name -> "POST " + http + "/ingest/" + name)
                                        .collect(java.util.stream.Collectors.joining("   "))));
        out.println("  Reads       " + String.join(", ", topics.inputs()));
        out.println(
                "  Writes      "
                        + String.join(
                                ", ",
                                topics.statusChanges(),
                                topics.mailboxStatus(),
                                topics.domainStatus(),
                                topics.suppressions(),
                                topics.deadLetters()));
        out.println();
        out.println("Publish a first event (key = mailbox address):");
        out.println(
                "  echo 'alice@acme.io|{\"eventId\":\"s-1\",\"mailbox\":\"alice@acme.io\"}'"
                        + " | kcat -P -X partitioner=murmur2_random -b "
                        + kafka
                        + " -t "
                        + topics.sends()
                        + " -K '|'");
        out.println(
                "  bin/kafka-console-producer.sh --bootstrap-server "
                        + kafka
                        + " --topic "
                        + topics.bounces()
                        + " --property parse.key=true --property key.separator='|'");
        out.println(
                "    alice@acme.io|{\"eventId\":\"b-1\",\"mailbox\":\"alice@acme.io\",\"type\":\"HARD\"}");
        out.println("Then: curl " + http + "/api/mailboxes/alice@acme.io");
        out.println("Stop with Ctrl-C.");
        out.println();
        out.flush();
    }
}
