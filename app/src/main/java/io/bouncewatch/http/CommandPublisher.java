package io.bouncewatch.http;

/** Writes an operator command to {@code mailbox.commands}; implemented over a Kafka producer. */
@FunctionalInterface
public interface CommandPublisher {

    /**
     * @param key the mailbox address or domain the command is for
     * @param json the Command JSON of docs/interface.md §1.2
     */
    void publish(String key, byte[] json) throws Exception;
}
