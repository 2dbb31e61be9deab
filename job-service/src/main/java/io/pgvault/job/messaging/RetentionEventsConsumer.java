package io.pgvault.job.messaging;

import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.job.credentials.Secrets;
import io.pgvault.platform.inbox.Inbox;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Removes an instance's secret file when retention-service reports {@code InstanceDataPurged}; other
 * retention events are recorded as processed and ignored.
 *
 * <p>Why InstanceDataPurged and not InstanceDeleted: InstanceDeleted only starts a deletion (the
 * instance is SOFT_DELETED, a backup that was already queued or running still runs to its end and needs the
 * password, and the design's soft delete lets an instance be undeleted within its grace period), while
 * InstanceDataPurged is the last word: every point is gone and instance-service removes the instance,
 * so nothing can need the password again. It also follows a stop with DELETE_DATA, after which the
 * instance can never back up again (DATA_DELETED allows nothing but delete). Restores never used the
 * source's password: they use the target's own.
 */
@ApplicationScoped
public class RetentionEventsConsumer {

    private final Inbox inbox;
    private final Secrets secrets;
    private final Vertx vertx;

    public RetentionEventsConsumer(Inbox inbox, Secrets secrets, Vertx vertx) {
        this.inbox = inbox;
        this.secrets = secrets;
        this.vertx = vertx;
    }

    @Incoming("retention-events")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.once(InstanceCommandsConsumer.CONSUMER, record, event -> {
            if (event instanceof InstanceDataPurged purged) {
                // File I/O off the event loop; back on this context for the inbox's transaction.
                return vertx.executeBlocking(() -> secrets.forget(purged.instanceId()))
                        .invoke(removed -> {
                            if (removed) {
                                Log.infof("removed the secret file of instance %s: its data was purged",
                                        purged.instanceId());
                            }
                        })
                        .replaceWithVoid();
            }
            return Uni.createFrom().voidItem();
        });
    }
}
