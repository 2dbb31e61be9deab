package io.pgvault.console.instance;

import io.pgvault.console.api.Answer;
import io.pgvault.console.api.Service;
import io.pgvault.console.session.Session;
import io.pgvault.console.web.Pages;
import io.pgvault.console.web.Previews;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The backup instance screen: a header with the state and the actions the user's role allows, the
 * Associated Items (recovery points, the backup jobs of the last seven days with View all), the activity
 * log; and the seed's dialogs, each posted to the instance-service action it names.
 */
@Path("/instances/{id}")
@Produces(MediaType.TEXT_HTML)
public class InstanceResource {

    /** The stop reasons instance-service takes, with the words the drop-down shows. */
    static final Map<String, String> REASONS = reasons();
    private static final Set<String> DIALOGS = Set.of("backup", "restore", "change-policy", "stop", "delete-data", "resume",
            "delete");
    private static final int POINTS_WITH_DETAILS = 10;

    @Inject
    @Location("instance/page.html")
    Template page;
    @Inject
    @Location("instance/dialogs.html")
    Template dialogs;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    Previews previews;

    @GET
    public TemplateInstance show(@PathParam("id") UUID id, @RestQuery String notice) {
        Map<String, Object> instance = instance(id);
        List<Map<String, Object>> points = session.get(Service.RETENTION,
                "/api/v1/backup-instances/" + id + "/recovery-points").orThrow().list("items");
        List<Map<String, Object>> detailed = new ArrayList<>();
        for (Map<String, Object> p : points) {
            if (detailed.size() < POINTS_WITH_DETAILS) {
                Answer detail = session.get(Service.RETENTION, "/api/v1/recovery-points/" + p.get("id"));
                detailed.add(detail.ok() ? detail.map() : p);
            }
        }
        Answer jobs = session.get(Service.JOB, "/api/v1/jobs?instanceId=" + id + "&limit=10").orThrow();
        List<Map<String, Object>> activity = session.get(Service.INSTANCE, "/api/v1/backup-instances/" + id + "/activity")
                .orThrow().list("items");
        // under multi-user authorization: what waits for an approver (an older instance-service has no such list)
        Answer pending = session.get(Service.INSTANCE, "/api/v1/pending-operations?state=PENDING&instanceId=" + id);
        String state = String.valueOf(instance.get("state"));
        long count = instance.get("recoveryPoints") instanceof Number n ? n.longValue() : 0;
        return page.data("instance", instance).data("points", detailed).data("pointCount", points.size())
                .data("pending", pending.ok() ? pending.list("items") : List.of())
                .data("deleted", InstanceActions.DELETED.contains(state))
                .data("jobs", jobs.list("items")).data("activity", activity)
                .data("actions", InstanceActions.allowed(state, count, session.operator(), session.admin()))
                .data("notice", notice);
    }

    @GET
    @Path("dialogs/{dialog}")
    public Response dialog(@PathParam("id") UUID id, @PathParam("dialog") String dialog, HttpHeaders headers) {
        if (!DIALOGS.contains(dialog)) {
            throw new NotFoundException();
        }
        return pages.fragmentOrPage(headers, 200, dialog, dialog(dialog, instance(id), Map.of(), Map.of()));
    }

    /**
     * A dialog's impact preview: the action's own body, sent with {@code ?preview=true}, fetched by htmx when the
     * dialog opens and whenever its choice changes. The reason and the typed name change nothing a preview
     * reports, so until they are filled in the preview is asked with the first reason and the instance's name.
     */
    @GET
    @Path("preview/{dialog}")
    public TemplateInstance preview(@PathParam("id") UUID id, @PathParam("dialog") String dialog,
            @RestQuery String mode, @RestQuery String policyId, @RestQuery String reason, @RestQuery String comments) {
        String base = "/api/v1/backup-instances/" + id;
        String why = blankToNull(reason) == null ? REASONS.keySet().iterator().next() : reason;
        Map<String, Object> body = new LinkedHashMap<>();
        switch (dialog) {
            case "change-policy" -> {
                if (blankToNull(policyId) == null) {
                    return previews.hint("Choose a policy to see what the change does.");
                }
                body.put("policyId", policyId);
                return previews.of(session.post(Service.INSTANCE, base + "/change-policy?preview=true", body));
            }
            case "stop", "delete-data" -> {
                String m = "delete-data".equals(dialog) ? "DELETE_DATA" : blankToNull(mode);
                if (m == null) {
                    return previews.hint("Choose Retain forever or Retain as per policy to see what Stop Backup does.");
                }
                body.put("mode", m);
                body.put("reason", why);
                body.put("comments", blankToNull(comments));
                if ("DELETE_DATA".equals(m)) {
                    body.put("confirmName", instance(id).get("name"));
                }
                return previews.of(session.post(Service.INSTANCE, base + "/stop-protection?preview=true", body));
            }
            case "resume" -> {
                return previews.of(session.post(Service.INSTANCE, base + "/resume-protection?preview=true", body));
            }
            case "delete" -> {
                body.put("confirmName", instance(id).get("name"));
                body.put("reason", why);
                body.put("comments", blankToNull(comments));
                return previews.of(session.send(Service.INSTANCE, "DELETE", base + "?preview=true", body));
            }
            default -> throw new NotFoundException();
        }
    }

    @POST
    @Path("backup")
    public Response backup(@PathParam("id") UUID id, HttpHeaders headers) {
        Map<String, Object> job = session.post(Service.INSTANCE, "/api/v1/backup-instances/" + id + "/backup", null).orThrow().map();
        return Pages.redirect(headers, "/jobs/" + job.get("jobId") + "?instanceId=" + id);
    }

    @POST
    @Path("restore")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response restore(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> target = new LinkedHashMap<>();
        String type = form.getFirst("targetType");
        target.put("type", type);
        if ("DATABASE".equals(type)) {
            target.put("host", blankToNull(form.getFirst("host")));
            String port = blankToNull(form.getFirst("port"));
            target.put("port", port == null ? null : port.matches("\\d{1,5}") ? Integer.valueOf(port) : port);
            target.put("username", blankToNull(form.getFirst("username")));
            target.put("database", blankToNull(form.getFirst("database")));
            target.put("includeGlobals", "on".equals(form.getFirst("includeGlobals")));
        } else {
            target.put("directory", blankToNull(form.getFirst("directory")));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recoveryPointId", blankToNull(form.getFirst("recoveryPointId")));
        body.put("target", target);
        return act(id, "restore", "/restore", body, form, headers, answer -> "/jobs/" + answer.map().get("jobId") + "?instanceId=" + id);
    }

    @POST
    @Path("change-policy")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePolicy(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("policyId", blankToNull(form.getFirst("policyId")));
        return act(id, "change-policy", "/change-policy", body, form, headers, answer -> notice(id,
                "Policy changed to " + policyOf(answer) + ". Existing recovery points keep their retention."));
    }

    @POST
    @Path("stop")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response stop(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> body = stopBody(form.getFirst("mode"), form);
        return act(id, "stop", "/stop-protection", body, form, headers,
                answer -> notice(id, "Backup stopped: the state is now " + answer.map().get("state") + "."));
    }

    @POST
    @Path("delete-data")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response deleteData(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> body = stopBody("DELETE_DATA", form);
        body.put("confirmName", form.getFirst("confirmName") == null ? "" : form.getFirst("confirmName"));
        return act(id, "delete-data", "/stop-protection", body, form, headers,
                answer -> notice(id, "Backup data deleted: the state is now " + answer.map().get("state") + "."));
    }

    @POST
    @Path("resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resume(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        String comments = blankToNull(form.getFirst("comments"));
        if (comments != null) {
            body.put("comments", comments);
        }
        return act(id, "resume", "/resume-protection", body, form, headers,
                answer -> notice(id, "Backup resumed: the state is now " + answer.map().get("state") + "."));
    }

    @POST
    @Path("delete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delete(@PathParam("id") UUID id, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("confirmName", form.getFirst("confirmName") == null ? "" : form.getFirst("confirmName"));
        body.put("reason", blankToNull(form.getFirst("reason")));
        body.put("comments", blankToNull(form.getFirst("comments")));
        Answer answer = session.send(Service.INSTANCE, "DELETE", "/api/v1/backup-instances/" + id, body);
        if (answer.status() == 400) {
            return refusedForm(id, "delete", answer, form, headers);
        }
        if (Pages.pendingOperation(answer)) {
            return pages.waitingForApproval(headers, answer);
        }
        Map<String, Object> deleting = answer.orThrow().map();
        return Pages.redirect(headers, "/?notice=" + enc(deleting.get("name") + " is being deleted: its scheduled backups"
                + " have stopped and its recovery points are being deleted."));
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private interface Next {
        String target(Answer answer);
    }

    private Response act(UUID id, String dialog, String action, Map<String, Object> body, MultivaluedMap<String, String> form,
            HttpHeaders headers, Next next) {
        Answer answer = session.post(Service.INSTANCE, "/api/v1/backup-instances/" + id + action, body);
        if (answer.status() == 400) {
            return refusedForm(id, dialog, answer, form, headers);
        }
        if (Pages.pendingOperation(answer)) {
            return pages.waitingForApproval(headers, answer);
        }
        return Pages.redirect(headers, next.target(answer.orThrow()));
    }

    /** The dialog again, with the service's field errors next to their fields and what the user typed. */
    private Response refusedForm(UUID id, String dialog, Answer answer, MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, String> errors = new LinkedHashMap<>(answer.fieldErrors());
        if (errors.isEmpty()) {
            errors.put("", answer.detail());
        }
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0)));
        return pages.fragmentOrPage(headers, 400, dialog, dialog(dialog, instance(id), values, errors));
    }

    private TemplateInstance dialog(String dialog, Map<String, Object> instance, Map<String, String> values,
            Map<String, String> errors) {
        TemplateInstance t = dialogs.getFragment(dialog.replace("-", "_")).instance().data("instance", instance)
                .data("values", values).data("errors", errors).data("reasons", REASONS);
        if ("restore".equals(dialog)) {
            t.data("points", session.get(Service.RETENTION, "/api/v1/backup-instances/" + instance.get("id")
                    + "/recovery-points").orThrow().list("items").stream().filter(p -> "LIVE".equals(p.get("state"))).toList());
        }
        if ("change-policy".equals(dialog)) {
            t.data("policies", session.get(Service.INSTANCE, "/api/v1/backup-policies").orThrow().list("items"));
        }
        return t;
    }

    private Map<String, Object> instance(UUID id) {
        return session.get(Service.INSTANCE, "/api/v1/backup-instances/" + id).orThrow().map();
    }

    private static Map<String, Object> stopBody(String mode, MultivaluedMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("mode", blankToNull(mode));
        body.put("reason", blankToNull(form.getFirst("reason")));
        body.put("comments", blankToNull(form.getFirst("comments")));
        return body;
    }

    private static String policyOf(Answer answer) {
        Object policy = answer.map().get("policy");
        return policy instanceof Map<?, ?> p ? p.get("name") + " v" + p.get("version") : "the new policy";
    }

    private static String notice(UUID id, String text) {
        return "/instances/" + id + "?notice=" + enc(text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Map<String, String> reasons() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("DECOMMISSIONED", "Decommissioned");
        r.put("MOVED_TO_ANOTHER_SOLUTION", "Moved to another solution");
        r.put("COST", "Cost");
        r.put("OTHER", "Other (say why in the comments)");
        return r;
    }
}
