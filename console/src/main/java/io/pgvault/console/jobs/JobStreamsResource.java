package io.pgvault.console.jobs;

import io.pgvault.console.session.Session;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.UUID;

/** The console's own event streams (HTML for htmx's SSE extension): a job's live view, and the user's notifications. */
@Path("/")
public class JobStreamsResource {

    @Inject
    Session session;
    @Inject
    JobView view;

    @GET
    @Path("jobs/{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void live(@PathParam("id") UUID id, @Context SseEventSink sink, @Context Sse sse) {
        view.follow(id, session.token(), session.operator(), sink, sse);
    }

    @GET
    @Path("notifications")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void notifications(@Context SseEventSink sink, @Context Sse sse) {
        view.notifications(session.subject(), session.token(), sink, sse);
    }
}
