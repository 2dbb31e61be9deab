package io.pgvault.platform.messaging;

import io.pgvault.platform.messaging.DeadLetters.Listing;
import io.pgvault.platform.messaging.DeadLetters.Replay;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code /api/v1/admin/dead-letters} on every service: the dead-letter topic of the topic it publishes. */
@Path("/api/v1/admin/dead-letters")
@Tag(name = "Reliability")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private static final int MAX_LIMIT = 10_000;
    private static final int MAX_IDS = 1_000;

    private final DeadLetters deadLetters;

    public DeadLetterResource(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GET
    @Operation(summary = "List dead letters", description = "The records on the dead-letter topic of this service's"
            + " topic (every consumer of the topic writes there): how many, and the newest `limit` with their key,"
            + " message id, type, reason and origin. Replayed records stay listed: Kafka keeps them until retention.")
    public Uni<Listing> list(@QueryParam("limit") @DefaultValue("500") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return deadLetters.list(limit).onFailure(f -> !(f instanceof ProblemException)).transform(DeadLetterResource::unavailable);
    }

    @POST
    @Path("/replay")
    @Operation(summary = "Replay dead letters", description = "Publishes the dead letters again to the topic they came"
            + " from, with their key, value and message id, in their order: the given `id`s, or all when none is given."
            + " Idempotent through the consumers' inboxes: a replayed message that a consumer already handled changes"
            + " nothing there. A replayed message comes after the messages its key had meanwhile.")
    public Uni<Replay> replay(@QueryParam("id") List<String> ids) {
        Set<String> wanted = new LinkedHashSet<>();
        if (ids != null) {
            for (String id : ids) {
                if (DeadLetters.idOf(id) == null) {
                    throw ProblemException.badField("id", "must be a message id (a UUID), not '" + clip(id) + "'");
                }
                wanted.add(DeadLetters.idOf(id).toString());
            }
        }
        if (wanted.size() > MAX_IDS) {
            throw ProblemException.badField("id", "at most " + MAX_IDS + " ids at once");
        }
        return deadLetters.replay(wanted).onFailure(f -> !(f instanceof ProblemException)).transform(DeadLetterResource::unavailable);
    }

    /** The broker did not answer in time: 503, so the caller tries again, never a 500. */
    private static ProblemException unavailable(Throwable failure) {
        return new ProblemException(503, "Service Unavailable", "the dead-letter topic cannot be read or replayed now ("
                + failure.getClass().getSimpleName() + "); try again", List.of(), Map.of());
    }

    private static String clip(String text) {
        String printable = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "…" : printable;
    }
}
