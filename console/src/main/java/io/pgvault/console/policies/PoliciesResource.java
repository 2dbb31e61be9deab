package io.pgvault.console.policies;

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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/** Policies: the list, create, edit (each edit a new version) and the version history. */
@Path("/policies")
@Produces(MediaType.TEXT_HTML)
public class PoliciesResource {

    static final List<String> TAGS = List.of("WEEKLY", "MONTHLY", "YEARLY");

    @Inject
    @Location("policies/list.html")
    Template list;
    @Inject
    @Location("policies/policy.html")
    Template policy;
    @Inject
    @Location("policies/form.html")
    Template form;
    @Inject
    @Location("policies/next-runs.html")
    Template nextRuns;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    Previews previews;

    @GET
    public TemplateInstance policies(@RestQuery String notice) {
        return list.data("policies", session.get(Service.INSTANCE, "/api/v1/backup-policies").orThrow().list("items"))
                .data("notice", notice);
    }

    @GET
    @Path("{id}")
    public TemplateInstance show(@PathParam("id") UUID id, @RestQuery String notice) {
        Map<String, Object> p = session.get(Service.INSTANCE, "/api/v1/backup-policies/" + id).orThrow().map();
        List<Map<String, Object>> versions = session.get(Service.INSTANCE, "/api/v1/backup-policies/" + id + "/versions")
                .orThrow().list("items");
        return policy.data("policy", p).data("versions", versions).data("notice", notice);
    }

    /** The next runs of the schedule being typed (instance-service's preview), or why it is not a schedule. */
    @GET
    @Path("next-runs")
    public TemplateInstance nextRuns(@RestQuery String schedule, @RestQuery String timeZone) {
        if (schedule == null || schedule.isBlank()) {
            return nextRuns.data("runs", List.of()).data("error", null).data("empty", true);
        }
        Answer answer = session.get(Service.INSTANCE, "/api/v1/backup-policies/next-runs?count=5&schedule="
                + URLEncoder.encode(schedule, StandardCharsets.UTF_8) + "&timeZone="
                + URLEncoder.encode(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone, StandardCharsets.UTF_8));
        if (answer.status() == 400) {
            return nextRuns.data("runs", List.of()).data("error", answer.detail()).data("empty", false);
        }
        return nextRuns.data("runs", answer.orThrow().list("nextRuns")).data("error", null).data("empty", false);
    }

    @GET
    @Path("new")
    public Response createForm(HttpHeaders headers) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("timeZone", "UTC");
        values.put("defaultRetention", "P30D");
        return pages.fragmentOrPage(headers, 200, "Create a policy", dialog(null, values, Map.of()));
    }

    @GET
    @Path("{id}/edit")
    public Response editForm(@PathParam("id") UUID id, HttpHeaders headers) {
        Map<String, Object> p = session.get(Service.INSTANCE, "/api/v1/backup-policies/" + id).orThrow().map();
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : List.of("name", "schedule", "timeZone", "defaultRetention")) {
            values.put(k, p.get(k) == null ? "" : p.get(k).toString());
        }
        if (p.get("verify") instanceof Map<?, ?> verify) {
            String every = verify.get("every") == null ? "OFF" : verify.get("every").toString();
            boolean named = "OFF".equals(every) || "EVERY_BACKUP".equals(every);
            values.put("verifyEvery", named ? every : "DURATION");
            values.put("verifyDuration", named ? "" : every);
            values.put("verifyTarget", verify.get("target") == null ? "" : verify.get("target").toString());
        }
        if (p.get("taggedRules") instanceof List<?> rules) {
            for (Object r : rules) {
                if (r instanceof Map<?, ?> rule) {
                    values.put("tag" + rule.get("tag"), String.valueOf(rule.get("duration")));
                }
            }
        }
        return pages.fragmentOrPage(headers, 200, "Edit " + p.get("name"), dialog(p, values, Map.of()));
    }

    /** What saving this edit would do: instance-service's {@code PUT …?preview=true}, each instance with its next backups. */
    @GET
    @Path("{id}/preview")
    public TemplateInstance preview(@PathParam("id") UUID id, @Context UriInfo uri) {
        MultivaluedMap<String, String> values = uri.getQueryParameters();
        return previews.of(session.send(Service.INSTANCE, "PUT", "/api/v1/backup-policies/" + id + "?preview=true", body(values)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(MultivaluedMap<String, String> values, HttpHeaders headers) {
        Answer answer = session.post(Service.INSTANCE, "/api/v1/backup-policies", body(values));
        return saved(null, answer, values, headers, "created");
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") UUID id, MultivaluedMap<String, String> values, HttpHeaders headers) {
        Answer answer = session.send(Service.INSTANCE, "PUT", "/api/v1/backup-policies/" + id, body(values));
        Map<String, Object> p = answer.status() == 400 || answer.status() == 409
                ? session.get(Service.INSTANCE, "/api/v1/backup-policies/" + id).orThrow().map() : null;
        return saved(p, answer, values, headers, "saved as a new version");
    }

    private Response saved(Map<String, Object> existing, Answer answer, MultivaluedMap<String, String> values, HttpHeaders headers,
            String what) {
        if (answer.status() == 400 || answer.status() == 409) {
            Map<String, String> errors = new LinkedHashMap<>(answer.fieldErrors());
            if (errors.isEmpty()) {
                errors.put("name", answer.detail());
            }
            Map<String, String> typed = new LinkedHashMap<>();
            values.forEach((k, v) -> typed.put(k, v.isEmpty() ? "" : v.get(0)));
            return pages.fragmentOrPage(headers, answer.status(), "Policy", dialog(existing, typed, errors));
        }
        Map<String, Object> p = answer.orThrow().map();
        return Pages.redirect(headers, "/policies/" + p.get("id") + "?notice=" + URLEncoder.encode("Policy " + p.get("name")
                + " " + what + " (version " + p.get("version") + "); next run " + p.get("nextRunAfterNow") + ".",
                StandardCharsets.UTF_8));
    }

    private TemplateInstance dialog(Map<String, Object> existing, Map<String, String> values, Map<String, String> errors) {
        return form.data("policy", existing).data("values", values).data("errors", errors).data("tags", TAGS);
    }

    /**
     * The verify setting: OFF, EVERY_BACKUP, or the typed duration (sent as typed, so instance-service names a bad
     * one as {@code verify.every}); a blank target is none.
     */
    static Map<String, Object> verify(MultivaluedMap<String, String> form) {
        String every = form.getFirst("verifyEvery");
        if ("DURATION".equals(every)) {
            String d = form.getFirst("verifyDuration");
            every = d == null ? "" : d.trim();
        } else if (every == null || every.isBlank()) {
            every = "OFF";
        }
        String target = form.getFirst("verifyTarget");
        Map<String, Object> verify = new LinkedHashMap<>();
        verify.put("every", every);
        verify.put("target", target == null || target.isBlank() ? null : target.trim());
        return verify;
    }

    private static Map<String, Object> body(MultivaluedMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.getFirst("name"));
        body.put("schedule", form.getFirst("schedule"));
        String zone = form.getFirst("timeZone");
        body.put("timeZone", zone == null || zone.isBlank() ? "UTC" : zone.trim());
        body.put("defaultRetention", form.getFirst("defaultRetention"));
        List<Map<String, String>> rules = new ArrayList<>();
        for (String tag : TAGS) {
            String d = form.getFirst("tag" + tag);
            if (d != null && !d.isBlank()) {
                rules.add(Map.of("tag", tag, "duration", d.trim()));
            }
        }
        body.put("taggedRules", rules);
        body.put("verify", verify(form));
        return body;
    }
}
