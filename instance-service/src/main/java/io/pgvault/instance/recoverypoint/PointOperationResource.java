package io.pgvault.instance.recoverypoint;

import io.pgvault.instance.approval.ProtectedOperation;
import io.pgvault.instance.retention.RecoveryPointView;
import io.pgvault.platform.idempotency.IdempotentRequests;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The protected operations on a recovery point under multi-user authorization: unpin and purge before the grace
 * period. retention-service owns the point and refuses them from a user while MUA is on; here they become pending
 * operations (202). Without MUA, use retention-service's own endpoints (this answers 409 saying so).
 */
@Path("/api/v1/pending-operations/recovery-points")
public class PointOperationResource {

    private final PointOperations points;
    private final IdempotentRequests idempotency;
    private final SecurityIdentity identity;

    public PointOperationResource(PointOperations points, IdempotentRequests idempotency, SecurityIdentity identity) {
        this.points = points;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    /** Requests removing the point's pins: 202 with the pending operation; 409 under ENABLED/LOCKED or without MUA. */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/unpin")
    public Uni<Response> unpin(@PathParam("id") UUID id, @HeaderParam(IdempotentRequests.HEADER) String key) {
        return request(ProtectedOperation.UNPIN_RECOVERY_POINT, "unpin:" + id, id, key);
    }

    /**
     * Requests purging a soft-deleted point before its grace period ends: 202 with the pending operation; 409
     * unless DELETED, under ENABLED/LOCKED, or without MUA.
     */
    @RolesAllowed(Roles.ADMIN)
    @POST
    @Path("/{id}/purge")
    public Uni<Response> purge(@PathParam("id") UUID id, @HeaderParam(IdempotentRequests.HEADER) String key) {
        return request(ProtectedOperation.PURGE_RECOVERY_POINT, "purge-point:" + id, id, key);
    }

    private Uni<Response> request(ProtectedOperation operation, String scope, UUID id, String key) {
        String actor = Caller.subject(identity);
        AtomicReference<RecoveryPointView> point = new AtomicReference<>();
        return idempotency.once(scope, key, null, () -> points.point(id).invoke(point::set),
                () -> points.request(operation, point.get(), actor, scope, key));
    }
}
