package io.pgvault.platform.inbox;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A message no consumer can process as it is; it belongs on the dead-letter topic. */
public class UnreadableMessageException extends RuntimeException {

    public UnreadableMessageException(String reason, ConsumerRecord<?, ?> record) {
        super(reason + " (" + record.topic() + "-" + record.partition() + "@" + record.offset() + ")");
    }
}
