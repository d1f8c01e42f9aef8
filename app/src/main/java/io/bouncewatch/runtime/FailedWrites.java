package io.bouncewatch.runtime;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;

/**
 * Fails the stream thread at every record Kafka could not write, whatever the error. Kafka Streams'
 * default marks only the record's task corrupted when the error is retriable (a time-out, a broker
 * away). Under exactly-once all the tasks of a thread write in one transaction, which that aborts;
 * Kafka Streams first commits the other tasks, and when one of them fails to write too it revives
 * the failed tasks only: the others, whose writes (mailbox states, status changes) were in the
 * aborted transaction, carry on and commit their input offsets later, their writes lost for good. A
 * failed thread is replaced ({@link StreamsRunner}) and all its tasks start again from their
 * committed offsets and changelogs.
 */
public final class FailedWrites implements ProductionExceptionHandler {

    @Override
    public Response handleError(
            ErrorHandlerContext context,
            ProducerRecord<byte[], byte[]> record,
            Exception exception) {
        return Response.fail();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure.
    }
}
