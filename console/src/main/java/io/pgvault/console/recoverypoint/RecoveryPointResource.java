package io.pgvault.console.recoverypoint;

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
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * A recovery point: why it is kept and when it goes, its holds, its verification evidence; pin, extend, unpin and
 * undelete (each of the last two with retention-service's impact preview first), and Verify now.
 */
@Path("/recovery-points/{id}")
@Produces(MediaType.TEXT_HTML)
public class RecoveryPointResource {

    @Inject
    @Location("recoverypoint/point.html")
    Template point;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    Previews previews;

    @GET
    public TemplateInstance show(@PathParam("id") UUID id, @RestQuery String notice, @RestQuery String error) {
        Map<String, Object> p = session.get(Service.RETENTION, "/api/v1/recovery-points/" + id).orThrow().map();
        return point.data("point", p).data("notice", notice).data("error", error);
    }

    /** What Unpin or Undelete would do to this point (retention-service's {@code ?preview=true}). */
    @GET
    @Path("preview/{action}")
    public TemplateInstance preview(@PathParam("id") UUID id, @PathParam("action") String action) {
        String base = "/api/v1/recovery-points/" + id;
        return switch (action) {
            case "unpin" -> previews.of(session.send(Service.RETENTION, "DELETE", base + "/pin?preview=true", null));
            case "undelete" -> previews.of(session.post(Service.RETENTION, base + "/undelete?preview=true", null));
            default -> throw new NotFoundException();
        };
    }

    /** Verify now: job-service queues a VERIFY job of the point; the evidence lands on the point when it ends. */
    @POST
    @Path("verify")
    public Response verify(@PathParam("id") UUID id, HttpHeaders headers) {
        Answer answer = session.post(Service.JOB, "/api/v1/recovery-points/" + id + "/verify", null);
        if (answer.status() == 409 || answer.status() == 400 || answer.status() == 404) {
            return pages.message(headers, answer.status(), "Refused", answer.detail(), "error");
        }
        Object job = answer.orThrow().map().get("id");
        return Pages.redirect(headers, back(id, "notice", "Verification queued: job " + job
                + ". The evidence appears here when it ends (reload)."));
    }

    @POST
    @Path("pin")
    public Response pin(@PathParam("id") UUID id, HttpHeaders headers) {
        session.post(Service.RETENTION, "/api/v1/recovery-points/" + id + "/pin", null).orThrow();
        return Pages.redirect(headers, back(id, "notice", "Pinned: the point is kept until it is unpinned."));
    }

    @POST
    @Path("unpin")
    public Response unpin(@PathParam("id") UUID id, HttpHeaders headers) {
        Answer answer = session.post(Service.RETENTION, "/api/v1/recovery-points/" + id + "/unpin", null);
        if (answer.status() == 409 && "multiUserAuthorization".equals(answer.body().path("setting").asText())) {
            // under multi-user authorization the unpin is a pending operation at instance-service
            answer = session.post(Service.INSTANCE, "/api/v1/pending-operations/recovery-points/" + id + "/unpin", null);
        }
        if (Pages.pendingOperation(answer)) {
            return pages.waitingForApproval(headers, answer);
        }
        if (answer.status() == 409) {
            return pages.message(headers, 409, "Refused", answer.detail(), "error");
        }
        answer.orThrow();
        return Pages.redirect(headers, back(id, "notice", "Unpinned: its retention applies again."));
    }

    @POST
    @Path("undelete")
    public Response undelete(@PathParam("id") UUID id, HttpHeaders headers) {
        session.post(Service.RETENTION, "/api/v1/recovery-points/" + id + "/undelete", null).orThrow();
        return Pages.redirect(headers, back(id, "notice", "Undeleted: the point is live again, with a pin."));
    }

    @POST
    @Path("extend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response extend(@PathParam("id") UUID id, @RestForm String expiresOn, HttpHeaders headers) {
        String at;
        try {
            at = LocalDate.parse(expiresOn == null ? "" : expiresOn.trim()).atStartOfDay(ZoneOffset.UTC).toInstant().toString();
        } catch (DateTimeParseException e) {
            return pages.message(headers, 400, "Refused", "expiresOn: a date such as 2027-12-31", "error");
        }
        var answer = session.post(Service.RETENTION, "/api/v1/recovery-points/" + id + "/extend", Map.of("expiresAt", at));
        if (answer.status() == 400) {
            return pages.message(headers, 400, "Refused", answer.detail(), "error");
        }
        answer.orThrow();
        return Pages.redirect(headers, back(id, "notice", "Extended: it now expires " + at + "."));
    }

    private static String back(UUID id, String key, String text) {
        return "/recovery-points/" + id + "?" + key + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
