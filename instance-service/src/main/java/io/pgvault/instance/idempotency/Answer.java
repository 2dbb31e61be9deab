package io.pgvault.instance.idempotency;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * The answer to a POST action as it is stored for its Idempotency-Key: status, Location and JSON body.
 *
 * @param status   HTTP status
 * @param location Location header, or null
 * @param body     JSON body
 * @param replayed true when this answer was stored for an earlier request with the same key
 */
public record Answer(int status, String location, String body, boolean replayed) {

    /** Header set on a replayed answer, so a client can tell a retry from a first answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    public static Answer of(int status, String location, String body) {
        return new Answer(status, location, body, false);
    }

    /** The HTTP response. */
    public Response toResponse() {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (location != null) {
            r.location(URI.create(location));
        }
        if (replayed) {
            r.header(REPLAYED_HEADER, "true");
        }
        return r.build();
    }
}
