package io.pgvault.instance.vault;

import io.pgvault.platform.idempotency.IdempotentRequests;
import io.pgvault.platform.security.Caller;
import io.pgvault.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The vault-wide settings: immutability (DISABLED / ENABLED / LOCKED), the lock's retention bounds, the
 * soft-delete grace period (14–180 days) and multi-user authorization. Changed by backup-admin only; a protected
 * change under multi-user authorization answers 202 with its pending operation.
 */
@Path("/api/v1/vault")
public class VaultResource {

    private final VaultService vault;
    private final IdempotentRequests idempotency;
    private final SecurityIdentity identity;
    private final VaultPreviews previews;

    public VaultResource(VaultService vault, IdempotentRequests idempotency, SecurityIdentity identity,
            VaultPreviews previews) {
        this.previews = previews;
        this.vault = vault;
        this.idempotency = idempotency;
        this.identity = identity;
    }

    @RolesAllowed(Roles.READER)
    @GET
    public Uni<VaultResponse> get() {
        return vault.get();
    }

    /**
     * Changes the settings; fields left out keep their value. 200, or 202 with a pending operation.
     * {@code ?preview=true}: what the change would do to every recovery point ({@link VaultPreview}), nothing
     * written; it also reads {@code floor}.
     */
    @RolesAllowed(Roles.ADMIN)
    @PUT
    public Uni<Response> change(@Valid @NotNull VaultRequest request, @HeaderParam(IdempotentRequests.HEADER) String key,
            @QueryParam("preview") boolean preview) {
        if (preview) {
            return previews.preview(request).map(p -> Response.ok(p).build());
        }
        String actor = Caller.subject(identity);
        return idempotency.once("vault", key, request, () -> vault.change(request, actor, "vault", key));
    }

    /**
     * Every change of the vault and every step of a pending one, newest first.
     *
     * @param at         when
     * @param action     VAULT_CHANGED, or CHANGE_VAULT_REQUESTED / _REJECTED / _WITHDRAWN / _EXPIRED
     * @param actor      who asked (or decided, for a rejection)
     * @param approvedBy who approved it, under multi-user authorization
     * @param detail     what changed
     */
    public record Entry(java.time.Instant at, String action, String actor, String approvedBy, String detail) {
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/activity")
    public Uni<List<Entry>> activity() {
        return vault.activity().map(l -> l.stream().map(a -> new Entry(a.occurredAt, a.action, a.actor, a.approvedBy,
                a.detail)).toList());
    }
}
