package io.pgvault.console.jobs;

import io.pgvault.console.api.Answer;
import io.pgvault.console.api.Service;
import io.pgvault.console.session.Session;
import io.pgvault.console.web.Pages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Jobs: the View all list (filters operation, status and time range, newest first, paged) and a job's
 * details with its live progress and Cancel. A job answers 404 for a moment after its 202 (job-service
 * learns of it from Kafka): the page then says "queued…", never an error.
 */
@Path("/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobsResource {

    @Inject
    @Location("jobs/list.html")
    Template list;
    @Inject
    @Location("jobs/job.html")
    Template job;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    JobView view;

    @GET
    public TemplateInstance jobs(@RestQuery String instanceId, @RestQuery String operation, @RestQuery String status,
            @RestQuery String from, @RestQuery String to, @RestQuery String all, @RestQuery String cursor) {
        StringBuilder q = new StringBuilder("/api/v1/jobs?limit=20");
        append(q, "instanceId", instanceId);
        append(q, "operation", operation);
        append(q, "status", status);
        append(q, "from", JobFilters.instant(from));
        append(q, "to", JobFilters.instant(to));
        append(q, "cursor", cursor);
        boolean everything = "true".equals(all);
        if (everything && (from == null || from.isBlank())) {
            q.append("&all=true");
        }
        Answer answer = session.get(Service.JOB, q.toString());
        Map<String, String> errors = answer.status() == 400 ? answer.fieldErrors() : Map.of();
        if (answer.status() != 400) {
            answer.orThrow();
        }
        String filters = JobFilters.query(instanceId, operation, status, from, to, all);
        Object next = answer.ok() ? answer.map().get("nextCursor") : null;
        return list.data("jobs", answer.ok() ? answer.list("items") : java.util.List.of()).data("errors", errors)
                .data("instanceId", instanceId).data("operation", operation).data("status", status).data("from", from)
                .data("to", to).data("all", everything)
                .data("next", next == null ? null : "/jobs?" + filters + "&cursor=" + enc(next.toString()))
                .data("first", cursor == null ? null : "/jobs?" + filters);
    }

    @GET
    @Path("{id}")
    public TemplateInstance job(@PathParam("id") UUID id, @RestQuery String notice) {
        Answer answer = session.get(Service.JOB, "/api/v1/jobs/" + id);
        Map<String, Object> current = view.current(id, answer);
        return job.data("id", id).data("job", current).data("live", view.live(current)).data("notice", notice)
                .data("mayCancel", session.operator());
    }

    /** The live view: the job's fragment again at each change (Server-Sent Events), until its last state. */
    @GET
    @Path("{id}/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void live(@PathParam("id") UUID id, @Context SseEventSink sink, @Context Sse sse) {
        view.follow(id, session.token(), session.operator(), sink, sse);
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") UUID id, HttpHeaders headers) {
        session.post(Service.JOB, "/api/v1/jobs/" + id + "/cancel", null).orThrow();
        return Pages.redirect(headers, "/jobs/" + id + "?notice=" + enc("Cancel requested."));
    }

    private static void append(StringBuilder q, String key, String value) {
        if (value != null && !value.isBlank()) {
            q.append('&').append(key).append('=').append(enc(value));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
