package io.pgvault.platform.outbox;

import io.pgvault.platform.outbox.OutboxParking.ParkedMessage;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/admin/outbox} on every service: the outbox rows the relay parked, and retrying them. */
@Path("/api/v1/admin/outbox")
@Tag(name = "Reliability")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class OutboxResource {

    private static final String ORDER = " Parked rows stop blocking rows of other keys; the later rows of the same key"
            + " (the same backup instance) keep waiting behind a parked row, so an instance's messages never overtake"
            + " each other.";

    private final OutboxParking parking;

    public OutboxResource(OutboxParking parking) {
        this.parking = parking;
    }

    /** The answer of a retry: how many rows went back to the relay. */
    public record Retried(int retried) {
    }

    @GET
    @Path("/parked")
    @Operation(summary = "List parked outbox rows", description = "Rows the broker refused pgvault.outbox.max-attempts"
            + " times (e.g. RecordTooLargeException), in relay order, each with its attempts, last error and the number"
            + " of rows of its key waiting behind it." + ORDER)
    public Uni<List<ParkedMessage>> parked() {
        return parking.parked();
    }

    @POST
    @Path("/parked/{id}/retry")
    @Operation(summary = "Retry one parked outbox row", description = "Gives the row back to the relay with a fresh count"
            + " of attempts; the rows of its key that waited follow it in order. 404 when no such row is parked." + ORDER)
    public Uni<Retried> retry(@PathParam("id") UUID id) {
        return parking.retry(id).map(found -> {
            if (!found) {
                throw ProblemException.notFound("parked outbox row", id);
            }
            return new Retried(1);
        });
    }

    @POST
    @Path("/parked/retry")
    @Operation(summary = "Retry every parked outbox row", description = "Gives every parked row back to the relay."
            + ORDER)
    public Uni<Retried> retryAll() {
        return parking.retryAll().map(Retried::new);
    }
}
