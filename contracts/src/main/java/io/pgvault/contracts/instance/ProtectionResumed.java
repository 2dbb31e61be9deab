package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import io.pgvault.contracts.common.PolicySnapshot;
import java.time.Instant;
import java.util.UUID;

/**
 * Protection of a stopped instance resumed: scheduled backups start again under the policy.
 *
 * @param eventId         unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId      the backup instance; the Kafka key
 * @param occurredAt      when the fact happened
 * @param policy          the rules from now on
 */
public record ProtectionResumed(UUID eventId, UUID instanceId, Instant occurredAt, PolicySnapshot policy)
        implements Event {
}
