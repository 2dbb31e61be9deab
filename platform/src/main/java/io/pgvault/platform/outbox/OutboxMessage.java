package io.pgvault.platform.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Generated;

/** One message waiting to be relayed to Kafka, written in the transaction of the change it reports. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {

    /** The message's event id, also its CloudEvents id. */
    @Id
    public UUID id;

    /** Relay order: messages go out in the order their transactions wrote them. */
    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    public String topic;

    @Column(name = "message_key")
    public String key;

    public String type;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** How many times the broker refused this row for itself (too large, invalid): a broker away counts none. */
    public int attempts;

    /** The broker's last refusal of this row. */
    @Column(name = "last_error")
    public String lastError;

    /**
     * When the relay stopped trying this row after pgvault.outbox.max-attempts refusals; rows of other keys
     * go on, later rows of its key wait behind it until an admin retries it.
     */
    @Column(name = "parked_at")
    public Instant parkedAt;
}
