package io.pgvault.contracts.instance;

import io.pgvault.contracts.Event;
import java.time.Instant;
import java.util.UUID;

/**
 * A deleted instance was brought back within its grace period, in PROTECTION_STOPPED. retention-service makes
 * its soft-deleted points LIVE again, each held as a stop with RETAIN_FOREVER holds them, and its data is no
 * longer to be purged.
 *
 * @param eventId      unique id of this message (see {@link io.pgvault.contracts.Event#eventId()})
 * @param instanceId   the backup instance; the Kafka key
 * @param occurredAt   when it was undeleted (approved, under multi-user authorization)
 * @param instanceName name of the instance
 * @param actor        who asked for it
 */
public record InstanceUndeleted(UUID eventId, UUID instanceId, Instant occurredAt, String instanceName, String actor)
        implements Event {
}
