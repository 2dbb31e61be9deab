package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.PolicySnapshot;
import java.time.Instant;
import java.util.UUID;

/**
 * An instance's policy changed (edited, or another policy assigned). Applies to future points only;
 * existing points keep the rules they were born with.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param previous        the rules before the change
 * @param policy          the rules from now on
 */
public record PolicyChanged(UUID eventId, UUID instanceId, Instant occurredAt, PolicySnapshot previous,
        PolicySnapshot policy) implements Event {
}
