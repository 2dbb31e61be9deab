package io.pgvault.instance.scheduling;

import io.pgvault.contracts.common.Trigger;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.protection.ActivityLog;
import io.pgvault.instance.protection.BackupInstance;
import io.pgvault.instance.protection.InstanceRepository;
import io.pgvault.instance.protection.InstanceService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Fires scheduled backups. Each run claims the due rows of protected instances with
 * {@code FOR UPDATE SKIP LOCKED} in one transaction, writes a BackupRequested (trigger SCHEDULED) to the
 * outbox for each and moves its due time to the schedule's next occurrence after now. Two replicas never
 * claim the same row, and a due time is consumed by the transaction that fires it, so each due time fires
 * exactly once; after downtime an instance gets one catch-up backup, not one per missed occurrence. A due
 * instance whose previous backup is still queued or running is skipped for this occurrence (logged in its
 * activity).
 */
@ApplicationScoped
public class BackupScheduler {

    private static final Logger LOG = Logger.getLogger(BackupScheduler.class);

    private final InstanceRepository instances;
    private final InstanceService service;
    private final PolicyRepository policies;
    private final ActivityLog activity;
    private final InstanceConfig config;
    private final Clock clock;
    /** How many due rows the last run claimed: a full batch means more may be due. */
    private final AtomicInteger lastClaimed = new AtomicInteger();

    public BackupScheduler(InstanceRepository instances, InstanceService service, PolicyRepository policies,
            ActivityLog activity, InstanceConfig config, Clock clock) {
        this.instances = instances;
        this.service = service;
        this.policies = policies;
        this.activity = activity;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "backup-scheduler", every = "${pgvault.instance.scheduler.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        // A full batch is followed by the next at once (each its own transaction), so 1,000 instances due in the
        // same minute are all fired within this run, not one batch per interval.
        return Uni.createFrom().deferred(this::runOnce)
                .repeat().whilst(fired -> lastClaimed.get() >= config.scheduler().batchSize())
                .collect().last()
                .onFailure().recoverWithItem(f -> {
                    LOG.warnf("backup scheduler run failed, due instances stay due: %s", f.getMessage());
                    return 0;
                }).replaceWithVoid();
    }

    /** One run: fires the due backups of now; answers how many BackupRequested were written. */
    @WithTransaction
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return instances.claimDue(now, config.scheduler().batchSize())
                .invoke(due -> lastClaimed.set(due.size()))
                .chain(due -> policies.byIds(due.stream().map(i -> i.policyId).distinct().toList())
                        .chain(byId -> fire(due, byId, now)));
    }

    private Uni<Integer> fire(List<BackupInstance> due, Map<UUID, BackupPolicy> policyById, Instant now) {
        int[] fired = {0};
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BackupInstance instance : due) {
            BackupPolicy policy = policyById.get(instance.policyId);
            Instant dueAt = instance.nextDueAt;
            try {
                instance.nextDueAt = policy.parsedSchedule().nextAfter(now).orElse(null);
            } catch (RuntimeException e) {
                // one unreadable schedule must not stop every other instance's backups run after run
                LOG.errorf("backup instance %s: schedule of policy %s cannot be read (%s); not scheduled until the"
                        + " policy is edited", instance.id, policy.id, e.getMessage());
                instance.nextDueAt = null;
                continue;
            }
            UUID active = instance.activeBackup(now, config.activeBackupTimeout());
            if (active != null) {
                chain = chain.call(() -> activity.record(instance, "SCHEDULED_BACKUP_SKIPPED", ActivityLog.SCHEDULER,
                        null, null, active, "due at " + dueAt + "; backup job " + active + " is still queued or running"));
            } else {
                chain = chain.call(() -> service.requestBackup(instance, policy, Trigger.SCHEDULED,
                        ActivityLog.SCHEDULER, now).invoke(() -> fired[0]++));
            }
        }
        return chain.map(x -> fired[0]);
    }
}
