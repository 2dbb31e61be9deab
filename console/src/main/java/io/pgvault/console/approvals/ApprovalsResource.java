package io.pgvault.console.approvals;

import io.pgvault.console.api.Answer;
import io.pgvault.console.api.Service;
import io.pgvault.console.session.Session;
import io.pgvault.console.web.Pages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Pending approvals (multi-user authorization): the pending operations with filters (state, instance,
 * requester), one operation's details, and its decisions: Approve and Reject for a backup-approver other than
 * the requester (instance-service answers 403 to the requester, shown as a message), Withdraw for the requester.
 */
@Path("/approvals")
@Produces(MediaType.TEXT_HTML)
public class ApprovalsResource {

    static final List<String> STATES = List.of("PENDING", "APPROVED", "REJECTED", "WITHDRAWN", "EXPIRED");
    private static final String API = "/api/v1/pending-operations";

    @Inject
    @Location("approvals/list.html")
    Template list;
    @Inject
    @Location("approvals/operation.html")
    Template operation;
    @Inject
    Session session;

    /** {@code state} absent shows what waits (PENDING); the drop-down's "any state" sends it empty. */
    @GET
    public TemplateInstance list(@RestQuery String state, @RestQuery String instanceId, @RestQuery String requestedBy,
            @RestQuery String notice) {
        String wanted = state == null ? "PENDING" : state.trim();
        StringBuilder q = new StringBuilder(API + "?size=200");
        append(q, "state", wanted);
        append(q, "instanceId", instanceId);
        append(q, "requestedBy", requestedBy);
        List<Map<String, Object>> ops = session.get(Service.INSTANCE, q.toString()).orThrow().list("items");
        Map<String, String> names = instanceNames();
        ops.forEach(op -> named(op, names));
        return list.data("ops", ops).data("instances", names).data("states", STATES).data("state", wanted)
                .data("instanceId", instanceId).data("requestedBy", requestedBy).data("me", session.subject())
                .data("notice", notice);
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") UUID id, @RestQuery String notice) {
        Map<String, Object> op = session.get(Service.INSTANCE, API + "/" + id).orThrow().map();
        return operation.data("op", named(op, instanceNames())).data("me", session.subject()).data("notice", notice);
    }

    @POST
    @Path("{id}/approve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response approve(@PathParam("id") UUID id, @RestForm String comment, HttpHeaders headers) {
        return decide(id, "approve", comment, headers, "Approved: it acts now.");
    }

    @POST
    @Path("{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response reject(@PathParam("id") UUID id, @RestForm String comment, HttpHeaders headers) {
        return decide(id, "reject", comment, headers, "Rejected: nothing happens.");
    }

    @POST
    @Path("{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response withdraw(@PathParam("id") UUID id, @RestForm String comment, HttpHeaders headers) {
        return decide(id, "withdraw", comment, headers, "Withdrawn: nothing happens.");
    }

    /** A refusal (403 for one's own request, 409 when it is no longer pending or its instance moved) is a message. */
    private Response decide(UUID id, String decision, String comment, HttpHeaders headers, String notice) {
        Map<String, Object> body = comment == null || comment.isBlank() ? null : Map.of("comment", comment.trim());
        Answer answer = session.post(Service.INSTANCE, API + "/" + id + "/" + decision, body).orThrow();
        return Pages.redirect(headers, "/approvals/" + id + "?notice=" + enc(notice + " " + answer.map().get("summary")));
    }

    /** The op with {@code instanceName}: the instance's name, or its id's start once the instance is gone. */
    private static Map<String, Object> named(Map<String, Object> op, Map<String, String> names) {
        Object id = op.get("instanceId");
        if (id != null) {
            op.put("instanceName", names.getOrDefault(id.toString(), id.toString().substring(0, Math.min(8, id.toString().length()))));
        }
        return op;
    }

    /** Instance id → name, for the filter and to name what an operation acts on. */
    private Map<String, String> instanceNames() {
        Answer answer = session.get(Service.INSTANCE, "/api/v1/backup-instances?size=200");
        Map<String, String> names = new HashMap<>();
        if (answer.ok()) {
            for (Map<String, Object> i : answer.list("items")) {
                names.put(String.valueOf(i.get("id")), String.valueOf(i.get("name")));
            }
        }
        return names;
    }

    private static void append(StringBuilder q, String key, String value) {
        if (value != null && !value.isBlank()) {
            q.append('&').append(key).append('=').append(enc(value.trim()));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
