package io.pgvault.console.jobs;

import io.pgvault.console.session.Session;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/** The user's notifications, an event stream (HTML for htmx's SSE extension) that every page holds open. */
@Path("/")
public class JobStreamsResource {

    @Inject
    Session session;
    @Inject
    JobView view;

    @GET
    @Path("notifications")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void notifications(@Context SseEventSink sink, @Context Sse sse) {
        view.notifications(session.subject(), session.token(), sink, sse);
    }
}
