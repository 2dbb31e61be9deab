package io.pgvault.instance.protection;

import io.pgvault.instance.policy.PolicyRepository;
import io.pgvault.instance.vault.VaultService;
import io.pgvault.platform.idempotency.IdempotentRequests;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Deleted backup instances (Azure's deleted protected items): soft-deleted for the grace period, their
 * configuration and recovery points (DELETED) kept, undeletable until retention-service purges their data.
 */
@Path("/api/v1/deleted-backup-instances")
public class DeletedInstanceResource {

    private final InstanceService service;
    private final InstanceRepository instances;
    private final PolicyRepository policies;
    private final VaultService vault;
    private final IdempotentRequests idempotency;
    private final SecurityIdentity identity;
    private final ActionPreviews previews;

    public DeletedInstanceResource(InstanceService service, InstanceRepository instances, PolicyRepository policies,
            VaultService vault, IdempotentRequests idempotency, SecurityIdentity identity, ActionPreviews previews) {
        this.previews = previews;
        this.service = service;
        this.instances = instances;
        this.policies = policies;
        this.vault = vault;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    /**
     * A deleted instance.
     *
     * @param instance              the instance as it was configured (state SOFT_DELETED)
     * @param deletedAt             when it was deleted
     * @param deleteReason          why
     * @param softDeleteGracePeriod the vault's grace period (null: the services' configured one, 14 days out of the
     *                              box); its data is purged after it, and then it cannot be undeleted
     * @param undeleteUrl           where to undelete it
     */
    public record DeletedInstance(InstanceResponse instance, Instant deletedAt, String deleteReason,
            String softDeleteGracePeriod, String undeleteUrl) {
    }

    /** Every deleted instance whose data is not purged yet, newest deletion first. */
    @RolesAllowed(Roles.READER)
    @GET
    @WithSession
    public Uni<List<DeletedInstance>> list() {
        return vault.current().chain(settings -> instances.list("state = ?1 order by deletedAt desc, id",
                        ProtectionState.SOFT_DELETED)
                .chain(found -> policies.byIds(found.stream().map(i -> i.policyId).distinct().toList())
                        .map(byId -> found.stream().map(i -> new DeletedInstance(InstanceResponse.from(i,
                                byId.get(i.policyId)), i.deletedAt, i.deleteReason, settings.gracePeriod(),
                                "/api/v1/deleted-backup-instances/" + i.id + "/undelete")).toList())));
    }

    /**
     * Undeletes: the instance comes back in PROTECTION_STOPPED (RETAIN_FOREVER), its points LIVE again. 200; 202
     * with a pending operation under multi-user authorization; 404 once its data is purged. {@code ?preview=true}:
     * what the undelete would do, nothing changed.
     */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/undelete")
    public Uni<Response> undelete(@PathParam("id") UUID id, @HeaderParam(IdempotentRequests.HEADER) String key,
            @QueryParam(InstanceResource.PREVIEW) boolean preview) {
        if (preview) {
            return previews.undelete(id).map(InstanceResource::previewed);
        }
        String scope = "undelete:" + id;
        String actor = Caller.subject(identity);
        return idempotency.once(scope, key, null, () -> service.undelete(id, actor, scope, key));
    }

    /**
     * Purges the instance's data now, before its grace period ends: 202 (its points are purged, then the instance
     * is removed); 202 with a pending operation under multi-user authorization; 409 under an ENABLED or LOCKED vault,
     * naming the setting.
     */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/purge")
    public Uni<Response> purge(@PathParam("id") UUID id, @HeaderParam(IdempotentRequests.HEADER) String key) {
        String scope = "purge-instance:" + id;
        String actor = Caller.subject(identity);
        return idempotency.once(scope, key, null, () -> service.purge(id, actor, scope, key));
    }
}
