package io.pgvault.retention.recoverypoint;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.platform.security.Roles;
import io.pgvault.retention.catalog.RecoveryPointRepository;
import io.pgvault.retention.vault.ImmutabilityRule;
import io.pgvault.retention.vault.PointFacts;
import io.pgvault.retention.vault.VaultRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * The vault as this service applies it (its settings are changed at instance-service), and what it keeps of
 * one instance: instance-service asks this before it accepts a stop with DELETE_DATA or a deletion.
 */
@Path("/api/v1")
public class VaultResource {

    private final VaultRepository vault;
    private final RecoveryPointRepository points;
    private final Clock clock;

    public VaultResource(VaultRepository vault, RecoveryPointRepository points,
            Clock clock) {
        this.vault = vault;
        this.points = points;
        this.clock = clock;
    }

    /**
     * The applied vault settings.
     *
     * @param immutability           DISABLED, ENABLED or LOCKED
     * @param softDeleteGracePeriod  the grace period the purge uses
     * @param multiUserAuthorization whether protected operations wait for an approver
     * @param lockedAt               when the vault was locked, or null
     * @param floor                  newest live points per instance that expiry never deletes
     */
    public record VaultView(Immutability immutability, String softDeleteGracePeriod, boolean multiUserAuthorization,
            Instant lockedAt, int floor) {
    }

    /**
     * What immutability keeps of an instance now.
     *
     * @param instanceId   the instance
     * @param immutability the vault's immutability
     * @param heldPoints   live points the vault keeps now (0 when DISABLED)
     * @param keptUntil    the latest expiry among them; null if none, or if one is kept forever
     * @param keptForever  one of them has no expiry
     * @param heldPointIds the first of them (at most 20), oldest first
     */
    public record InstanceImmutability(UUID instanceId, Immutability immutability, int heldPoints, Instant keptUntil,
            boolean keptForever, java.util.List<UUID> heldPointIds) {
    }

    @GET
    @RolesAllowed(Roles.READER)
    @Path("/vault")
    @WithSession
    public Uni<VaultView> get() {
        return vault.settings().map(s -> new VaultView(s.immutability, vault.state(s).gracePeriod().toString(),
                s.multiUserAuthorization, s.lockedAt, vault.state(s).floor()));
    }

    @GET
    @RolesAllowed({Roles.READER, Roles.SERVICE})
    @Path("/backup-instances/{instanceId}/immutability")
    @WithSession
    public Uni<InstanceImmutability> instance(@PathParam("instanceId") UUID instanceId) {
        Instant now = clock.instant();
        return vault.current().chain(state -> points.liveFacts(instanceId).map(facts -> {
            int held = 0;
            java.util.List<UUID> ids = new java.util.ArrayList<>();
            Instant until = null;
            boolean forever = false;
            for (PointFacts f : facts) {
                if (ImmutabilityRule.allowsDeletion(state.immutability(), f, now)) {
                    continue;
                }
                held++;
                if (ids.size() < 20) {
                    ids.add(f.id());
                }
                Instant kept = ImmutabilityRule.keptUntil(f);
                if (kept == null) {
                    forever = true;
                } else if (until == null || kept.isAfter(until)) {
                    until = kept;
                }
            }
            return new InstanceImmutability(instanceId, state.immutability(), held, forever ? null : until, forever, ids);
        }));
    }
}
