package io.pgvault.console.vault;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The vault (backup-admin changes it, everyone reads it): immutability DISABLED / ENABLED / LOCKED (locking is
 * irreversible, so it takes the word LOCK typed), the lock's retention bounds, multi-user authorization and the
 * soft-delete grace period; the vault's activity. instance-service's 400 and 409 show next to their field; a
 * protected change under multi-user authorization shows as waiting for approval.
 */
@Path("/vault")
@Produces(MediaType.TEXT_HTML)
public class VaultResource {

    @Inject
    @Location("vault/page.html")
    Template page;
    @Inject
    Session session;
    @Inject
    Pages pages;
    @Inject
    Previews previews;

    @GET
    public TemplateInstance show(@RestQuery String notice) {
        Map<String, Object> vault = session.get(Service.INSTANCE, "/api/v1/vault").orThrow().map();
        Answer activity = session.get(Service.INSTANCE, "/api/v1/vault/activity");
        Answer pending = session.get(Service.INSTANCE, "/api/v1/pending-operations?state=PENDING");
        List<Map<String, Object>> vaultChanges = pending.ok()
                ? pending.list("items").stream().filter(op -> "CHANGE_VAULT".equals(op.get("operation"))).toList() : List.of();
        return page.data("vault", vault).data("values", Map.of()).data("errors", Map.of())
                .data("activity", activity.ok() ? activity.list("items") : List.of()).data("pending", vaultChanges)
                .data("notice", notice);
    }

    /** What the settings being chosen would do to every point (instance-service's {@code PUT …?preview=true}). */
    @GET
    @Path("preview")
    public TemplateInstance preview(@Context UriInfo uri) {
        Map<String, Object> current = session.get(Service.INSTANCE, "/api/v1/vault").orThrow().map();
        Map<String, String> values = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0).trim()));
        Map<String, Object> change = VaultChange.of(current, values);
        if (change.isEmpty()) {
            return previews.hint("Change a setting to see what it does.");
        }
        return previews.of(session.send(Service.INSTANCE, "PUT", "/api/v1/vault?preview=true", change));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response change(MultivaluedMap<String, String> form, HttpHeaders headers) {
        Map<String, Object> current = session.get(Service.INSTANCE, "/api/v1/vault").orThrow().map();
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((k, v) -> values.put(k, v.isEmpty() ? "" : v.get(0).trim()));
        Map<String, Object> change = VaultChange.of(current, values);
        Map<String, String> errors = VaultChange.refusal(current, values);
        if (!errors.isEmpty()) {
            return form(headers, 400, current, values, errors);
        }
        if (change.isEmpty()) {
            return pages.message(headers, 200, "Nothing to change", "The form asks for the settings the vault has.", "notice");
        }
        Answer answer = session.send(Service.INSTANCE, "PUT", "/api/v1/vault", change);
        if (answer.status() == 400 || answer.status() == 409) {
            Map<String, String> refused = new LinkedHashMap<>(answer.fieldErrors());
            if (refused.isEmpty()) {
                refused.put(answer.body().path("setting").asText(""), answer.detail());
            }
            return form(headers, answer.status(), current, values, refused);
        }
        if (Pages.pendingOperation(answer)) {
            return pages.waitingForApproval(headers, answer);
        }
        Map<String, Object> now = answer.orThrow().map();
        return Pages.redirect(headers, "/vault?notice=" + URLEncoder.encode("Vault changed: immutability "
                + now.get("immutability") + ", multi-user authorization " + (Boolean.TRUE.equals(now.get("multiUserAuthorization"))
                        ? "on" : "off") + ".", StandardCharsets.UTF_8));
    }

    /** The form again, with what the user typed and each refusal next to its field ("" above the buttons). */
    private Response form(HttpHeaders headers, int status, Map<String, Object> vault, Map<String, String> values,
            Map<String, String> errors) {
        return pages.fragmentOrPage(headers, status, "Vault", page.getFragment("form").instance().data("vault", vault)
                .data("values", values).data("errors", errors));
    }
}
