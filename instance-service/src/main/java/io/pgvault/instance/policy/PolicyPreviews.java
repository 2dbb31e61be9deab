package io.pgvault.instance.policy;

import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The preview of a policy edit: the edit's own checks, then what it would do; writes nothing. */
@ApplicationScoped
public class PolicyPreviews {

    /** How many next runs a preview lists. */
    static final int NEXT_RUNS = 5;
    /** The state whose instances the scheduler backs up. */
    private static final String CONFIGURED = "PROTECTION_CONFIGURED";

    private final PolicyService service;
    private final PolicyRepository policies;
    private final PolicyUsers users;
    private final RetentionClient retention;
    private final InstanceConfig config;
    private final Clock clock;

    public PolicyPreviews(PolicyService service, PolicyRepository policies, PolicyUsers users,
            RetentionClient retention, InstanceConfig config, Clock clock) {
        this.service = service;
        this.policies = policies;
        this.users = users;
        this.retention = retention;
        this.config = config;
        this.clock = clock;
    }

    /** What {@code PUT /api/v1/backup-policies/{id}} with {@code request} would do (400/404/409 as the edit answers). */
    @WithSession
    public Uni<PolicyEditPreview> update(UUID id, PolicyRequest request) {
        PolicyRules.Checked checked = PolicyRules.check(request, config.minScheduleInterval(), config.minRetention());
        Instant now = clock.instant();
        List<Instant> runs = PolicyRules.nextRuns(checked.schedule(), checked.timeZone(), NEXT_RUNS,
                config.minScheduleInterval(), now);
        return service.withinTheLock(checked).chain(() -> policies.findById(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("backup policy", id))
                .call(() -> service.requireUniqueName(checked.name(), id))
                .chain(policy -> users.of(id).chain(using -> Multi.createFrom().iterable(using)
                        .onItem().transformToUniAndConcatenate(user -> retention.impact(user.id(), "EDIT_POLICY", null)
                                .map(points -> new PolicyEditPreview.InstanceImpact(user.id(), user.name(), user.state(),
                                        CONFIGURED.equals(user.state()) ? runs : List.of(), points)))
                        .collect().asList()
                        .map(instances -> new PolicyEditPreview(id, checked.name(), policy.version, policy.version + 1,
                                runs, instances, "policy edit of " + policy.name + " v" + policy.version + " → v"
                                        + (policy.version + 1) + ": " + instances.size() + " instance(s) use it; their"
                                        + " existing recovery points keep the expiry they were born with, new backups"
                                        + " follow the new rules" + (runs.isEmpty() ? "" : "; next run at " + runs.get(0))))));
    }
}
