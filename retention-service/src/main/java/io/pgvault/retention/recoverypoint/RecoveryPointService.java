package io.pgvault.retention.recoverypoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.outbox.Outbox;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.retention.catalog.PointDeletions;
import io.pgvault.retention.catalog.PointState;
import io.pgvault.retention.catalog.RecoveryPoint;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.RetentionConfig;
import io.pgvault.retention.expiry.Expiry;
import io.pgvault.retention.expiry.ExpiryCalculator;
import io.pgvault.retention.hold.Hold;
import io.pgvault.retention.hold.HoldKind;
import io.pgvault.retention.hold.HoldResponse;
import io.pgvault.retention.hold.HoldService;
import io.pgvault.retention.impact.ImpactPlanner;
import io.pgvault.retention.impact.ImpactService;
import io.pgvault.retention.protection.InstanceDeletions;
import io.pgvault.retention.store.RecoveryPointStore;
import io.pgvault.retention.sweep.SweepRule;
import io.pgvault.retention.vault.ImmutabilityRule;
import io.pgvault.retention.vault.PointFacts;
import io.pgvault.retention.vault.VaultRepository;
import io.pgvault.retention.vault.VaultState;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/** The recovery-point catalog's use cases: recording points, reading them, pin, extend, undelete. */
@ApplicationScoped
public class RecoveryPointService {

    private static final Logger LOG = Logger.getLogger(RecoveryPointService.class);

    /** Owner of the pin an undelete leaves, so the sweep does not take the point straight back. */
    public static final String UNDELETE = HoldService.UNDELETE;

    private final RecoveryPointRepository points;
    private final HoldService holds;
    private final PointDeletions deletions;
    private final InstanceDeletions instanceDeletions;
    private final Outbox outbox;
    private final VaultRepository vault;
    private final RetentionConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final RecoveryPointStore store;

    public RecoveryPointService(RecoveryPointRepository points, HoldService holds, PointDeletions deletions,
            InstanceDeletions instanceDeletions, Outbox outbox, VaultRepository vault, RetentionConfig config,
            Clock clock, ObjectMapper mapper, RecoveryPointStore store) {
        this.store = store;
        this.points = points;
        this.holds = holds;
        this.deletions = deletions;
        this.instanceDeletions = instanceDeletions;
        this.outbox = outbox;
        this.vault = vault;
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
    }

    /**
     * Records the point a backup left, with the expiry it is born with, and publishes
     * RecoveryPointCreated. Idempotent on the point id. Runs in the caller's (the inbox's)
     * transaction.
     */
    public Uni<Void> record(JobSucceeded succeeded) {
        if (succeeded.operation() != Operation.BACKUP || succeeded.recoveryPointId() == null) {
            return Uni.createFrom().voidItem();
        }
        return points.findById(succeeded.recoveryPointId())
                .chain(existing -> existing != null ? Uni.createFrom().voidItem()
                        : withManifest(succeeded).chain(this::insert));
    }

    /**
     * The event with its manifest: carried inline, or (a large one) read from the store through the
     * reference and accepted only if its size and SHA-256 match ({@link RecoveryPointStore#readReferencedManifest}).
     */
    private Uni<JobSucceeded> withManifest(JobSucceeded s) {
        if (s.manifest() != null || s.manifestRef() == null) {
            return Uni.createFrom().item(s);
        }
        return store.readReferencedManifest(s.instanceId(), s.recoveryPointId(), s.manifestRef())
                .map(bytes -> new JobSucceeded(s.eventId(), s.instanceId(), s.occurredAt(), s.jobId(), s.operation(),
                        s.trigger(), s.startedAt(), s.finishedAt(), s.bytes(), s.recoveryPointId(), s.policy(),
                        Json.read(mapper, new String(bytes, StandardCharsets.UTF_8), RecoveryPointManifest.class),
                        s.manifestRef()));
    }

    private Uni<Void> insert(JobSucceeded s) {
        Instant createdAt = s.finishedAt() != null ? s.finishedAt() : s.occurredAt();
        return expiryOf(s.instanceId(), s.policy(), createdAt).chain(expiry -> {
            RecoveryPoint p = new RecoveryPoint();
            p.id = s.recoveryPointId();
            p.instanceId = s.instanceId();
            p.jobId = s.jobId();
            p.createdAt = createdAt;
            p.recordedAt = clock.instant();
            p.tag = expiry.tag();
            p.rule = expiry.rule();
            p.tagReason = expiry.reason();
            p.expiresAt = expiry.expiresAt();
            PolicySnapshot policy = s.policy();
            if (policy != null) {
                p.policyId = policy.policyId();
                p.policyName = policy.policyName();
                p.policyVersion = policy.policyVersion();
                p.timeZone = policy.timeZone();
            }
            p.manifest = Json.write(mapper, s.manifest());
            p.sizeBytes = s.manifest() != null ? s.manifest().totalBytes() : s.bytes();
            return points.insertIfAbsent(p).chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem()
                    : points.countLive(p.instanceId)
                            .chain(live -> outbox.publish(new RecoveryPointCreated(UUID.randomUUID(), p.instanceId,
                                    p.recordedAt, p.id, p.jobId, p.createdAt, p.expiresAt, p.tag, live.intValue())))
                            .chain(() -> deleteIfInstanceIsGoing(p)));
        });
    }

    /** A backup that finished after its instance's data was deleted does not outlive it. */
    private Uni<Void> deleteIfInstanceIsGoing(RecoveryPoint p) {
        return instanceDeletions.dataDeletion(p.instanceId).chain(d -> d.isEmpty()
                ? Uni.createFrom().voidItem()
                : deletions.softDelete(List.of(new PointRef(p.id, p.instanceId)), d.get().reason(), clock.instant())
                        .replaceWithVoid());
    }

    private Uni<Expiry> expiryOf(UUID instanceId, PolicySnapshot policy, Instant createdAt) {
        if (policy == null) {
            return Uni.createFrom().item(forever("the backup carried no retention policy"));
        }
        Instant from;
        try {
            from = ExpiryCalculator.windowStart(policy, createdAt);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(forever(e.getMessage()));
        }
        return points.createdBetween(instanceId, from, createdAt).map(earlier -> {
            try {
                return ExpiryCalculator.compute(policy, createdAt, earlier);
            } catch (IllegalArgumentException e) {
                return forever(e.getMessage());
            }
        });
    }

    /** An unusable policy never makes a point die early: it is kept until a user decides. */
    private static Expiry forever(String why) {
        LOG.warnf("recovery point kept forever: %s", why);
        return new Expiry(RetentionTag.DEFAULT, "none", null, "kept forever: " + why);
    }

    /** One point with its holds and explanation; 404 if unknown. */
    @WithSession
    public Uni<RecoveryPointResponse> get(UUID id) {
        return points.findById(id).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", id);
            }
            return view(p);
        });
    }

    /** An instance's points, newest first. */
    @WithSession
    public Uni<RecoveryPointPage> list(UUID instanceId, Instant from, Instant to, PointState state, int page,
            int size) {
        return points.page(instanceId, from, to, state, page, size)
                .chain(items -> points.count(instanceId, from, to, state)
                        .map(total -> new RecoveryPointPage(items.stream().map(RecoveryPointSummary::from).toList(),
                                page, size, total)));
    }

    /** Pins a live point: kept, whatever its expiry, until unpinned; {@code by} is who pinned it. */
    @WithTransaction
    public Uni<RecoveryPointResponse> pin(UUID id, String by) {
        return holds.lockLive(id, "pin").chain(p -> holds.pin(p, HoldService.USER, by).chain(() -> view(p)));
    }

    /**
     * Removes the point's pins (also the one an undelete left). Under an immutable vault a live point's pin
     * stays: removing it early would let the point go sooner than it is now kept (409 naming the setting).
     */
    @WithTransaction
    public Uni<RecoveryPointResponse> unpin(UUID id) {
        return points.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", id);
            }
            return vault.current().chain(state -> holds.of(id).chain(held -> {
                if (state.multiUserAuthorization() && held.stream().anyMatch(h -> h.kind == HoldKind.PIN)) {
                    throw viaInstanceService(id, "unpin");
                }
                String refusal = ImpactPlanner.unpinRefusal(state, ImpactService.snapshot(p, held));
                if (refusal != null) {
                    throw ProblemException.conflict(refusal, Map.of("setting", "immutability", "immutability", state.immutability().name(),
                                    "recoveryPointId", id.toString()));
                }
                return holds.unpin(id).chain(() -> view(p));
            }));
        });
    }

    /**
     * Under multi-user authorization a user's unpin or purge does not act here: it is a pending operation at
     * instance-service, whose approval sends the command this service carries out (PinRemovalApproved,
     * PurgeRequested). 409 naming the setting and where to ask.
     */
    private static ProblemException viaInstanceService(UUID id, String verb) {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("setting", "multiUserAuthorization");
        facts.put("recoveryPointId", id.toString());
        facts.put("requestAt", "POST /api/v1/pending-operations/recovery-points/" + id + "/" + verb + " on instance-service");
        return ProblemException.conflict("recovery point " + id + " is protected by multi-user authorization: request"
                + " the " + verb + " at instance-service (POST /api/v1/pending-operations/recovery-points/" + id + "/" + verb
                + "), where a backup-approver other than you approves it", facts);
    }

    /**
     * Purges a soft-deleted point now, before its grace period ends: its files go and it is PURGED (no undelete
     * any more). 409 unless DELETED; 409 naming the setting under an ENABLED or LOCKED vault; 409 pointing to
     * instance-service under multi-user authorization.
     */
    @WithTransaction
    public Uni<RecoveryPointResponse> purge(UUID id) {
        return points.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", id);
            }
            return vault.forDeletion().chain(state -> {
                if (p.state != PointState.DELETED) {
                    throw ProblemException.invalidState("purge", p.state, List.of(PointState.DELETED));
                }
                refuseEarlyPurge(p, state);
                if (state.multiUserAuthorization()) {
                    throw viaInstanceService(id, "purge");
                }
                return purgeNow(List.of(new PointRef(p.id, p.instanceId)))
                        .chain(() -> instanceDeletions.afterEarlyPurge(p.instanceId))
                        .chain(() -> {
                            // the bulk update left this loaded entity as it was
                            p.state = PointState.PURGED;
                            p.purgedAt = clock.instant();
                            return view(p);
                        });
            });
        });
    }

    private static void refuseEarlyPurge(RecoveryPoint p, VaultState state) {
        if (state.immutability().protectsPoints()) {
            Map<String, Object> facts = new java.util.LinkedHashMap<>();
            facts.put("setting", "immutability");
            facts.put("immutability", state.immutability().name());
            facts.put("recoveryPointId", p.id.toString());
            facts.put("purgeAfter", String.valueOf(p.deletedAt.plus(state.gracePeriod())));
            throw ProblemException.conflict("recovery point " + p.id + " cannot be purged before its grace period ends ("
                    + p.deletedAt.plus(state.gracePeriod()) + "): " + state.describe() + " (immutability "
                    + state.immutability() + ")", facts);
        }
    }

    private Uni<Void> purgeNow(List<PointRef> refs) {
        if (refs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return store.deletePoints(refs).chain(removed -> {
            if (removed.size() < refs.size()) {
                throw new IllegalStateException("the store could not remove " + (refs.size() - removed.size())
                        + " of " + refs.size() + " point(s); nothing is marked purged");
            }
            return points.markPurged(removed.stream().map(PointRef::id).toList(), now);
        }).replaceWithVoid();
    }

    /**
     * An approved unpin (PinRemovalApproved), in the caller's (the inbox's) transaction. The vault is re-checked
     * now: under ENABLED or LOCKED a live point keeps its pin (logged), as an unpin request would be refused.
     */
    public Uni<Void> unpinApproved(UUID id, String requestedBy, String approvedBy) {
        return points.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(p -> {
            if (p == null) {
                LOG.warnf("approved unpin of unknown recovery point %s ignored", id);
                return Uni.createFrom().voidItem();
            }
            return vault.forDeletion().chain(state -> {
                if (p.state == PointState.LIVE && state.immutability().protectsPoints()) {
                    LOG.warnf("approved unpin of %s (asked by %s, approved by %s) not done: %s", id, requestedBy,
                            approvedBy, state.describe());
                    return Uni.createFrom().voidItem();
                }
                LOG.infof("recovery point %s unpinned (asked by %s, approved by %s)", id, requestedBy, approvedBy);
                return holds.unpin(id).replaceWithVoid();
            });
        });
    }

    /**
     * A purge before the grace period (PurgeRequested), in the caller's transaction: the point, or every
     * soft-deleted point of the instance; then InstanceDataPurged if nothing of a deleted instance is left. The
     * vault is re-checked now: under ENABLED or LOCKED nothing is purged early (logged).
     */
    public Uni<Void> purgeRequested(UUID instanceId, UUID pointId, String requestedBy, String approvedBy) {
        return vault.forDeletion().chain(state -> {
            if (state.immutability().protectsPoints()) {
                LOG.warnf("purge of %s (asked by %s, approved by %s) not done: %s", pointId != null ? pointId
                        : "instance " + instanceId, requestedBy, approvedBy, state.describe());
                return Uni.createFrom().voidItem();
            }
            Uni<List<PointRef>> claimed = pointId == null ? points.claimDeletedOf(instanceId, 10_000)
                    : points.findById(pointId, LockModeType.PESSIMISTIC_WRITE).map(p -> p == null
                            || p.state != PointState.DELETED ? List.<PointRef>of() : List.of(new PointRef(p.id,
                            p.instanceId)));
            return claimed.chain(refs -> {
                LOG.infof("purging %d soft-deleted point(s) of %s before the grace period (asked by %s, approved by"
                        + " %s)", refs.size(), instanceId, requestedBy, approvedBy);
                return purgeNow(refs);
            }).chain(() -> instanceDeletions.afterEarlyPurge(instanceId));
        });
    }

    /** Moves a live point's expiry; never earlier than the expiry it was born with. */
    @WithTransaction
    public Uni<RecoveryPointResponse> extend(UUID id, ExtendRequest request) {
        return holds.lockLive(id, "extend").chain(p -> {
            if (p.birthExpiresAt == null) {
                throw ProblemException.badField("expiresAt", "the point is kept forever; there is no expiry to extend");
            }
            if (request.expiresAt().isBefore(p.birthExpiresAt)) {
                throw ProblemException.badField("expiresAt",
                        "must not be earlier than the expiry the point was born with, " + p.birthExpiresAt);
            }
            p.expiresAt = request.expiresAt();
            return view(p);
        });
    }

    /**
     * Brings a soft-deleted point back (its files are still in the store) and pins it, so the next
     * sweep does not delete it again; unpin it to let its retention apply. {@code by} is who undeleted it.
     */
    @WithTransaction
    public Uni<RecoveryPointResponse> undelete(UUID id, String by) {
        Instant now = clock.instant();
        return points.findById(id, LockModeType.PESSIMISTIC_WRITE).chain(p -> {
            if (p == null) {
                throw ProblemException.notFound("recovery point", id);
            }
            return instanceDeletions.dataDeletion(p.instanceId).chain(deletion -> {
                InstanceDeletions.requireUndeletable(p, deletion);
                p.state = PointState.LIVE;
                p.deletedAt = null;
                p.deleteReason = null;
                return holds.pin(p, UNDELETE, by)
                        .chain(() -> points.flush())
                        .chain(() -> points.countLive(p.instanceId))
                        .chain(live -> outbox.publish(new RecoveryPointCreated(UUID.randomUUID(), p.instanceId, now,
                                p.id, p.jobId, p.createdAt, p.expiresAt, p.tag, live.intValue())))
                        .chain(() -> view(p));
            });
        });
    }

    /** The API view of a point, with its explanation. */
    Uni<RecoveryPointResponse> view(RecoveryPoint p) {
        Instant now = clock.instant();
        return vault.current().chain(state -> holds.of(p.id).chain(holdList -> points.countNewerLive(p)
                .chain(newer -> points.verificationJson(p.id).chain(verified -> points.manifestJson(p.id).map(json -> {
            List<HoldResponse> holdViews = holdList.stream().map(h -> HoldResponse.from(h, now)).toList();
            RecoveryPointManifest manifest = manifest(p.id, json);
            VerificationEvidence verification = verified == null ? null
                    : Json.tryRead(mapper, verified, VerificationEvidence.class).orElse(null);
            return new RecoveryPointResponse(p.id, p.instanceId, p.jobId, p.createdAt, p.expiresAt, p.birthExpiresAt,
                    p.expiresAt == null, p.tag, p.state, p.sizeBytes, p.policyName, p.policyVersion, holdViews,
                    manifest != null && manifest.artifacts() != null ? manifest.artifacts() : List.of(), manifest,
                    p.deletedAt, p.deleteReason, p.filesMissingSince != null,
                    explain(p, holdList, holdViews, newer, now, state).withVerification(sentence(verification)),
                    verification);
        })))));
    }

    /** What a verification proved, for the explanation: one sentence naming the outcome, the job and the figures. */
    static String sentence(VerificationEvidence v) {
        if (v == null) {
            return null;
        }
        long rows = v.tables().stream().mapToLong(VerificationEvidence.TableCheck::sourceRows).sum();
        if (v.outcome() == VerificationEvidence.Outcome.VERIFIED) {
            return "Verified at " + v.finishedAt() + " by job " + v.jobId() + ": restored on " + v.target() + " in "
                    + v.durationMillis() + " ms, all " + v.tables().size() + " tables (" + rows
                    + " rows) with the row counts and content digests recorded at backup time";
        }
        return "Verification FAILED at " + v.finishedAt() + " by job " + v.jobId() + ": " + (v.mismatches().isEmpty()
                ? "see the job" : String.join("; ", v.mismatches()));
    }

    /**
     * Keeps a verification's evidence on its point (the latest by {@code finishedAt}); a point this catalog does
     * not know is ignored. Runs in the caller's (the inbox's) transaction.
     */
    public Uni<Void> recordVerification(VerificationCompleted completed) {
        if (completed.evidence() == null || completed.recoveryPointId() == null) {
            return Uni.createFrom().voidItem();
        }
        return points.recordVerification(completed.recoveryPointId(), Json.write(mapper, completed.evidence()),
                completed.evidence().finishedAt()).replaceWithVoid();
    }

    /**
     * "kept until its expiry …; the vault is locked" when the vault keeps a live point now, else null.
     */
    static String immutability(RecoveryPoint p, VaultState state, Instant now) {
        if (p.state != PointState.LIVE || !state.immutability().protectsPoints()) {
            return null;
        }
        PointFacts facts = new PointFacts(p.id, p.instanceId, p.createdAt, p.rule, p.timeZone, p.birthExpiresAt,
                p.expiresAt);
        if (ImmutabilityRule.allowsDeletion(state.immutability(), facts, now)) {
            return null;
        }
        Instant until = ImmutabilityRule.keptUntil(facts);
        return (until == null ? "kept forever" : "kept until its expiry " + until) + "; " + state.describe();
    }

    private Explanation explain(RecoveryPoint p, List<Hold> holdList, List<HoldResponse> holdViews, long newer,
            Instant now, VaultState state) {
        int floor = state.floor();
        String immutable = immutability(p, state, now);
        Explanation.Rule rule = new Explanation.Rule(p.tag, p.rule, p.tagReason, p.policyName, p.policyVersion,
                p.timeZone);
        boolean extended = p.expiresAt != null && !p.expiresAt.equals(p.birthExpiresAt);
        if (p.state == PointState.DELETED) {
            Instant purgeAfter = p.deletedAt.plus(state.gracePeriod());
            String summary = "Deleted at " + p.deletedAt + " (" + p.deleteReason + "); its files stay until "
                    + purgeAfter + " and it can be undeleted until they are purged";
            return new Explanation("DELETED", summary, rule, p.birthExpiresAt, p.expiresAt, extended, holdViews,
                    new Explanation.Floor(floor, newer, false), null, purgeAfter, null, List.of(summary));
        }
        if (p.state == PointState.PURGED) {
            String summary = "Deleted at " + p.deletedAt + " (" + p.deleteReason + ") and purged at " + p.purgedAt
                    + "; its files are gone";
            return new Explanation("PURGED", summary, rule, p.birthExpiresAt, p.expiresAt, extended, holdViews,
                    new Explanation.Floor(floor, newer, false), null, null, null, List.of(summary));
        }
        List<SweepRule.HoldFacts> facts = holdList.stream()
                .map(h -> new SweepRule.HoldFacts(h.kind, h.owner, h.leaseExpiresAt)).toList();
        SweepRule.Verdict verdict = SweepRule.decide(now, p.expiresAt, facts, (int) Math.min(newer, Integer.MAX_VALUE),
                floor);
        String summary;
        if (verdict.deletable()) {
            summary = "Goes at the next sweep: " + verdict.reasons().get(verdict.reasons().size() - 1);
        } else if (verdict.earliestDeletionAt() != null && verdict.activeHolds().isEmpty()) {
            summary = "Kept until " + p.expiresAt + " by its " + p.tag + " rule " + p.rule
                    + (extended ? " (extended)" : "") + "; the first sweep after that deletes it";
        } else if (verdict.earliestDeletionAt() != null) {
            summary = "Kept until " + verdict.earliestDeletionAt() + ", when its last hold's lease ends (unless renewed): "
                    + String.join("; ", verdict.reasons());
        } else if (!verdict.expired() && p.expiresAt != null) {
            // reasons[0] is its expiry; the rest (holds, the floor) have no end date of their own
            summary = "Kept at least until " + p.expiresAt + " by its " + p.tag + " rule " + p.rule
                    + (extended ? " (extended)" : "") + ", and after that for as long as it is "
                    + String.join("; ", verdict.reasons().subList(1, verdict.reasons().size()));
        } else {
            summary = "Kept with no deletion date: " + String.join("; ", verdict.reasons());
        }
        List<String> reasons = verdict.reasons();
        boolean deletable = verdict.deletable();
        if (immutable != null) {
            reasons = new java.util.ArrayList<>(reasons);
            reasons.add(immutable);
            reasons = List.copyOf(reasons);
            if (deletable) {
                deletable = false;
                summary = "Kept: " + immutable;
            } else {
                summary = summary + " (" + immutable + ")";
            }
        }
        return new Explanation(deletable ? "DELETABLE" : "KEPT", summary, rule, p.birthExpiresAt,
                p.expiresAt, extended, holdViews, new Explanation.Floor(floor, newer, verdict.inFloor()),
                verdict.earliestDeletionAt(), null, immutable, reasons);
    }

    /** The stored manifest; one that does not read is logged and shown as none, so the point stays viewable. */
    private RecoveryPointManifest manifest(UUID pointId, String json) {
        if (json == null || json.equals("null")) {
            return null;
        }
        return Json.tryRead(mapper, json, RecoveryPointManifest.class).orElseGet(() -> {
            LOG.warnf("unreadable manifest in the catalog for recovery point %s", pointId);
            return null;
        });
    }
}
