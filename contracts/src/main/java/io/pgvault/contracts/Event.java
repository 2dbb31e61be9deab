package io.pgvault.contracts;

import java.time.Instant;
import java.util.UUID;

/**
 * A message that crosses a service boundary. Every message record implements it; the Kafka key of a
 * message is its {@link #instanceId()}.
 */
public interface Event {

    /** Unique id of this message; consumers deduplicate on it (at-least-once delivery). */
    UUID eventId();

    /** The backup instance the message is about; the Kafka key. */
    UUID instanceId();

    /** When the fact happened (when its producer committed it), not when it was sent. */
    Instant occurredAt();
}
