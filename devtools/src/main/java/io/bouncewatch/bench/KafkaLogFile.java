package io.bouncewatch.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends Kafka's own log lines in the benchmark's JVM (the embedded broker's, the preloading
 * clients') to a file instead of the terminal. Under load the broker logs errors nobody running a
 * benchmark can act on (an OutOfOrderSequenceException while a transaction's first batch is
 * verified, NOT_LEADER while topics are young); they buried the results. Our own lines stay on the
 * terminal. Closing puts everything back.
 */
final class KafkaLogFile implements AutoCloseable {

    private static final List<String> KAFKA_LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger");

    private final List<Logger> loggers;
    private final FileAppender<ILoggingEvent> appender;

    private KafkaLogFile(List<Logger> loggers, FileAppender<ILoggingEvent> appender) {
        this.loggers = loggers;
        this.appender = appender;
    }

    static KafkaLogFile open(Path file) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("kafka-log-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        List<Logger> loggers = KAFKA_LOGGERS.stream().map(context::getLogger).toList();
        for (Logger logger : loggers) {
            logger.addAppender(appender);
            logger.setAdditive(false);
        }
        return new KafkaLogFile(loggers, appender);
    }

    @Override
    public void close() {
        for (Logger logger : loggers) {
            logger.setAdditive(true);
            logger.detachAppender(appender);
        }
        appender.stop();
    }
}
