package io.pgvault.job.store;

import io.pgvault.job.config.StoreConfig;
import io.pgvault.job.keys.MasterKeys;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The master key of the S3 store: rotation, and re-wrapping the points' data keys under the new key. */
@Path("/api/v1/store/keys")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class StoreKeysResource {

    private final StoreConfig config;
    private final MasterKeys keys;
    private final S3RecoveryPointStore store;
    private final Vertx vertx;

    public StoreKeysResource(MasterKeys keys, S3RecoveryPointStore store, StoreConfig config, Vertx vertx) {
        this.config = config;
        this.keys = keys;
        this.store = store;
        this.vertx = vertx;
    }

    /**
     * Adds a new master key to the keyset file and makes it the primary: new points are wrapped with it,
     * older keys stay in the keyset for reading the points they wrapped.
     */
    @POST
    @Path("/rotate")
    public Uni<RotationResponse> rotate() {
        return vertx.executeBlocking(() -> new RotationResponse(keys.rotate(), keys.keyset().size()), false);
    }

    /**
     * Wraps every point's data key with the primary master key, without rewriting any data. After it, the
     * older master keys may be removed from the keyset.
     */
    @POST
    @Path("/rewrap")
    public Uni<S3RecoveryPointStore.RewrapReport> rewrap() {
        if (config.kind() != StoreConfig.Kind.S3) {
            throw ProblemException.conflict("the store is " + config.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + ": only the s3 store encrypts points", java.util.Map.of("store", config.kind().name()));
        }
        return vertx.executeBlocking(store::rewrapAll, false);
    }

    /**
     * @param primaryKeyId the new primary key's id
     * @param keys         keys in the keyset now
     */
    public record RotationResponse(int primaryKeyId, int keys) {
    }
}
