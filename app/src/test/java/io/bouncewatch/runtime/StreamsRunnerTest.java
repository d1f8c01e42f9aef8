package io.bouncewatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/**
 * A stream thread that died of a broker outage is replaced; one that died of anything else shuts
 * the instance down. The exceptions are those Kafka raises, wrapped as Kafka Streams wraps them.
 */
class StreamsRunnerTest {

    @Test
    void aTimedOutSendIsAnOutage() {
        TimeoutException expired =
                new TimeoutException(
                        "Expiring 3 record(s) for mailbox.status-0:120001 ms has "
                                + "passed since batch creation");

        assertThat(StreamsRunner.causedByOutage(expired)).isTrue();
        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException("Error encountered sending record", expired)))
                .isTrue();
    }

    @Test
    void aTransactionalProducerInErrorAfterATimeOutIsAnOutage() {
        KafkaException inError =
                new KafkaException(
                        "Cannot execute transactional method because we are in an error state",
                        new TimeoutException(
                                "Timeout expired after 60000ms while awaiting EndTxn(false)"));

        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException(
                                        "Error encountered trying to commit a transaction",
                                        inError)))
                .isTrue();
    }

    @Test
    void anAbortableTransactionIsAnOutage() {
        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException(
                                        "Error encountered trying to begin a new " + "transaction",
                                        new TransactionAbortableException(
                                                "Transaction Request was aborted"))))
                .isTrue();
    }

    @Test
    void aCallOnAProducerWhoseLastCallTimedOutIsAnOutage() throws IOException {
        IllegalStateException pending = pendingCallError();

        assertThat(pending).hasMessageContaining("timed out and must be retried").hasNoCause();
        assertThat(StreamsRunner.causedByOutage(pending)).isTrue();
        assertThat(StreamsRunner.causedByOutage(new StreamsException("task failed", pending)))
                .isTrue();
    }

    @Test
    void aRefusalFromTheBrokerIsNoOutageEvenWhenATimeOutCameWithIt() {
        RecordTooLargeException refused =
                new RecordTooLargeException("The message is 2000000 bytes when serialized");

        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException("Error encountered sending record", refused)))
                .isFalse();
        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException(
                                        refused.getMessage(),
                                        new TimeoutException("Timeout expired", refused))))
                .isFalse();
    }

    @Test
    void aRecordKafkaCouldNotWriteFailsTheStreamThreadWhichIsReplaced() {
        TimeoutException expired =
                new TimeoutException(
                        "Topic bw-mailbox-state-changelog not present in metadata after 5000 ms.");

        ProductionExceptionHandler.Response response =
                new FailedWrites()
                        .handleError(
                                null,
                                new ProducerRecord<>("mailbox.status", new byte[1], new byte[1]),
                                expired);

        // Kafka Streams' default retries it, which marks only the record's task corrupted.
        assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.FAIL);
        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException(
                                        "Error encountered sending record to topic mailbox.status",
                                        expired)))
                .isTrue();
    }

    @Test
    void theStreamsFailAStreamThreadAtAFailedWriteUnlessTheSettingsSayOtherwise() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bw");

        assertThat(StreamsRunner.failingThreadsAtFailedWrites(props))
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "bw")
                .containsEntry(
                        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        FailedWrites.class);
        assertThat(props)
                .doesNotContainKey(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG);

        props.put(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                DefaultProductionExceptionHandler.class);
        assertThat(StreamsRunner.failingThreadsAtFailedWrites(props))
                .containsEntry(
                        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        DefaultProductionExceptionHandler.class);
    }

    @Test
    void aBugIsNoOutage() {
        assertThat(
                        StreamsRunner.causedByOutage(
                                new IllegalStateException("stored value has format version 9")))
                .isFalse();
        assertThat(
                        StreamsRunner.causedByOutage(
                                new StreamsException(
                                        "failed to process", new NullPointerException())))
                .isFalse();
        assertThat(
                        StreamsRunner.causedByOutage(
                                new KafkaException(
                                        "Cannot execute transactional method because we "
                                                + "are in an error state")))
                .isFalse();
    }

    /**
     * What a transactional producer throws when called again after a call that timed out: made by a
     * real producer whose broker cannot be reached.
     */
    private static IllegalStateException pendingCallError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        "127.0.0.1:" + closedPort,
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "streams-runner-test",
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        200);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(catchThrowable(producer::initTransactions))
                    .isInstanceOf(TimeoutException.class);
            Throwable pending = catchThrowable(producer::beginTransaction);
            producer.close(Duration.ZERO);
            assertThat(pending).isInstanceOf(IllegalStateException.class);
            return (IllegalStateException) pending;
        }
    }
}
