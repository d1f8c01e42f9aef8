package io.bouncewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * bench keeps the broker's errors, which nobody can act on, out of its output, and keeps its own.
 */
class KafkaLogFileTest {

    @TempDir Path dir;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> terminal = new ListAppender<>();

    @BeforeEach
    void watchTheTerminal() {
        terminal.start();
        root.addAppender(terminal);
    }

    @AfterEach
    void stopWatching() {
        root.detachAppender(terminal);
    }

    @Test
    void kafkasLinesGoToTheFileAndOursStayOnTheTerminalUntilClosed() throws IOException {
        Path file = dir.resolve("kafka.log");
        try (KafkaLogFile ignored = KafkaLogFile.open(file)) {
            LoggerFactory.getLogger("kafka.server.ReplicaManager")
                    .error("OutOfOrderSequenceException from the broker");
            LoggerFactory.getLogger("org.apache.kafka.clients.producer.internals.Sender")
                    .warn("NOT_LEADER at preload");
            LoggerFactory.getLogger(Benchmark.class).error("our own error");
        }
        LoggerFactory.getLogger("kafka.server.ReplicaManager").error("after the bench");

        assertThat(terminal.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("our own error", "after the bench");
        assertThat(Files.readString(file))
                .contains("OutOfOrderSequenceException from the broker", "NOT_LEADER at preload")
                .doesNotContain("our own error", "after the bench");
    }
}
