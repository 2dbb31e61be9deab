package io.pgvault.console.deleted;

import io.pgvault.console.api.Answer;
import io.pgvault.console.api.Service;
import io.pgvault.console.session.Session;
import io.pgvault.console.web.Pages;
import io.pgvault.console.web.Previews;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
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
import java.util.UUID;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Deleted instances (Azure's deleted protected items): the soft-deleted instances whose data the grace period
 * still keeps, and Undelete (admin), which brings one back stopped with its points live again, or, under
 * multi-user authorization, waits for approval.
 */
@Path("/deleted-instances")
@Produces(MediaType.TEXT_HTML)
public class DeletedInstancesResource {

    @Inject
    @Location("deleted/list.html")
    Template list;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    Previews previews;

    @GET
    public TemplateInstance list(@RestQuery String notice) {
        Answer deleted = session.get(Service.INSTANCE, "/api/v1/deleted-backup-instances").orThrow();
        return list.data("deleted", deleted.list("items")).data("notice", notice);
    }

    /** What Undelete would do: the instance's next state and its points (instance-service's {@code ?preview=true}). */
    @GET
    @Path("{id}/preview")
    public TemplateInstance preview(@PathParam("id") UUID id) {
        return previews.of(session.post(Service.INSTANCE, "/api/v1/deleted-backup-instances/" + id + "/undelete?preview=true", null));
    }

    @POST
    @Path("{id}/undelete")
    public Response undelete(@PathParam("id") UUID id, HttpHeaders headers) {
        Answer answer = session.post(Service.INSTANCE, "/api/v1/deleted-backup-instances/" + id + "/undelete", null);
        if (Pages.pendingOperation(answer)) {
            return pages.waitingForApproval(headers, answer);
        }
        answer.orThrow();
        return Pages.redirect(headers, "/instances/" + id + "?notice=" + URLEncoder.encode("Undeleted: the instance is back,"
                + " stopped (retain forever), with its recovery points live again. Resume backup to protect it again.",
                StandardCharsets.UTF_8));
    }
}
