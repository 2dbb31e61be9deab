package io.pgvault.instance.scheduling;

import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.policy.BackupPolicy;
import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.protection.ActivityLog;
import io.pgvault.instance.protection.BackupInstance;
import io.pgvault.instance.protection.InstanceRepository;
import io.pgvault.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Requests periodic restore verifications: a policy's {@code verify.every} of a duration ({@code P7D}) verifies
 * the instance's newest live point when its last verification is older than that, also when no backup came
 * since (job-service's own check after each backup covers the other case). Each run claims the due instances
 * with {@code FOR UPDATE SKIP LOCKED} in one transaction, as {@link BackupScheduler} does, so two replicas never
 * ask twice; it writes a VerifyRequested (trigger SCHEDULED, the policy's target) to the outbox and records the
 * request on the instance, which is not due again until {@code every} has passed since the request or since a
 * later verification. The job id is derived from the instance and the verification it follows, so a repeated
 * request of the same period is one job at job-service.
 */
@ApplicationScoped
public class VerificationScheduler {

    private static final Logger LOG = Logger.getLogger(VerificationScheduler.class);

    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final Outbox outbox;
    private final ActivityLog activity;
    private final InstanceConfig config;
    private final Clock clock;

    public VerificationScheduler(InstanceRepository instances, PolicyRepository policies, Outbox outbox,
            ActivityLog activity, InstanceConfig config, Clock clock) {
        this.instances = instances;
        this.policies = policies;
        this.outbox = outbox;
        this.activity = activity;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(identity = "verification-scheduler", every = "${pgvault.instance.scheduler.every:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return runOnce().onFailure().recoverWithItem(f -> {
            LOG.warnf("verification scheduler run failed, due verifications stay due: %s", f.getMessage());
            return 0;
        }).replaceWithVoid();
    }

    /** One run: requests the verifications due now; answers how many VerifyRequested were written. */
    @WithTransaction
    public Uni<Integer> runOnce() {
        Instant now = clock.instant();
        return instances.claimVerificationDue(now, config.scheduler().batchSize())
                .chain(due -> policies.byIds(due.stream().map(i -> i.policyId).distinct().toList())
                        .chain(byId -> request(due, byId, now)));
    }

    private Uni<Integer> request(List<BackupInstance> due, Map<UUID, BackupPolicy> policyById, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (BackupInstance instance : due) {
            BackupPolicy policy = policyById.get(instance.policyId);
            Instant after = latest(instance.lastVerificationAt, instance.verifyRequestedAt);
            UUID jobId = UUID.nameUUIDFromBytes(("verify-every:" + instance.id + ":" + (after == null ? "never" : after))
                    .getBytes(StandardCharsets.UTF_8));
            instance.verifyRequestedJobId = jobId;
            instance.verifyRequestedAt = now;
            instance.updatedAt = now;
            String detail = "policy " + policy.name + " verifies every " + policy.verifyEvery + "; "
                    + (instance.lastVerificationAt == null ? "never verified"
                            : "last verified " + instance.lastVerificationAt)
                    + "; recovery point " + instance.newestPointId;
            chain = chain.call(() -> outbox.publish(new VerifyRequested(UUID.randomUUID(), instance.id, now, jobId,
                    instance.newestPointId, instance.name, Trigger.SCHEDULED, "policy " + policy.name,
                    policy.verifyTarget)))
                    .call(() -> activity.record(instance, "SCHEDULED_VERIFICATION", ActivityLog.SCHEDULER, null, null,
                            jobId, detail));
        }
        int requested = due.size();
        return chain.map(x -> requested);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
