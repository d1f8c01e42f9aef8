package io.bouncewatch.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Postfix log lines of delivered messages, as a log shipper publishes them: per message its {@code
 * qmgr from=} line, its {@code smtp to= status=sent} line and its {@code qmgr removed} line, each
 * record without a key, so the lines of one message land on whatever partitions the producer picks
 * and the monitor must join them by queue id.
 */
final class PostfixLines {

    /** Lines per message. */
    static final int PER_MESSAGE = 3;

    private PostfixLines() {}

    /** Writes {@code messages} messages' lines to {@code topic}, sent by {@code mailboxes}. */
    static void write(String bootstrap, String topic, List<String> mailboxes, int messages) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                Preloader.producer(bootstrap, java.util.Map.of())) {
            for (int i = 0; i < messages && failure.get() == null; i++) {
                String queueId = String.format(Locale.ROOT, "%010X", 0x1000000000L + i);
                String mailbox = mailboxes.get(i % mailboxes.size());
                for (String line :
                        List.of(
                                "Dec  5 12:00:00 mx1 postfix/qmgr[1686]: "
                                        + queueId
                                        + ": from=<"
                                        + mailbox
                                        + ">, size=2365, nrcpt=1 (queue active)",
                                "Dec  5 12:00:01 mx1 postfix/smtp[1692]: "
                                        + queueId
                                        + ": to=<r"
                                        + i
                                        + "@example.com>, relay=mx.example.com[192.0.2.25]:25,"
                                        + " delay=0.9, delays=0.1/0/0.3/0.5, dsn=2.0.0,"
                                        + " status=sent (250 2.0.0 OK "
                                        + queueId
                                        + ")",
                                "Dec  5 12:00:01 mx1 postfix/qmgr[1686]: "
                                        + queueId
                                        + ": removed")) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic, null, line.getBytes(StandardCharsets.UTF_8)),
                            (meta, error) -> {
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new BenchmarkException(
                    "writing the Postfix lines failed: " + failure.get().getMessage());
        }
    }
}
