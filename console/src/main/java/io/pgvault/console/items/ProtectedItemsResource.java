package io.pgvault.console.items;

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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/** Protected Items: every backup instance, filtered by state, policy and name, paged; and protecting a server. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ProtectedItemsResource {

    static final List<String> STATES = List.of("PROTECTION_CONFIGURED", "PROTECTION_STOPPED", "BACKUPS_SUSPENDED",
            "DATA_DELETED", "SOFT_DELETED");
    private static final int PAGE_SIZE = 20;

    @Inject
    @Location("items/list.html")
    Template list;
    @Inject
    @Location("items/protect.html")
    Template protect;
    @Inject
    Session session;
    @Inject
    Pages pages;

    @GET
    public TemplateInstance items(@RestQuery String state, @RestQuery String policyId, @RestQuery String name,
            @RestQuery Integer page, @RestQuery String notice) {
        int p = page == null || page < 0 ? 0 : page;
        StringBuilder q = new StringBuilder("/api/v1/backup-instances?size=" + PAGE_SIZE + "&page=" + p);
        append(q, "state", state);
        append(q, "policyId", policyId);
        append(q, "nameContains", name);
        Answer answer = session.get(Service.INSTANCE, q.toString()).orThrow();
        List<Map<String, Object>> policies = session.get(Service.INSTANCE, "/api/v1/backup-policies").orThrow().list("items");
        long total = answer.body().path("total").asLong();
        String filters = (state == null ? "" : "&state=" + enc(state)) + (policyId == null ? "" : "&policyId=" + enc(policyId))
                + (name == null ? "" : "&name=" + enc(name));
        return list.data("items", answer.list("items")).data("total", total).data("page", p).data("pageNumber", p + 1)
                .data("pages", Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE))
                .data("previous", p > 0 ? "/?page=" + (p - 1) + filters : null)
                .data("next", (long) (p + 1) * PAGE_SIZE < total ? "/?page=" + (p + 1) + filters : null)
                .data("states", STATES).data("policies", policies)
                .data("state", state).data("policyId", policyId).data("name", name).data("notice", notice);
    }

    @GET
    @Path("protect")
    public Response protectForm(HttpHeaders headers) {
        return pages.fragmentOrPage(headers, 200, "Protect a server", protectDialog(Map.of(), Map.of()));
    }

    @POST
    @Path("protect")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response protect(@RestForm String name, @RestForm String host, @RestForm String port, @RestForm String username,
            @RestForm String databases, @RestForm String sslMode, @RestForm String policyId, HttpHeaders headers) {
        Map<String, Object> datasource = new LinkedHashMap<>();
        datasource.put("host", host);
        datasource.put("port", port == null || port.isBlank() ? null : parsePort(port));
        datasource.put("username", username);
        if (databases != null && !databases.isBlank()) {
            List<String> dbs = new ArrayList<>();
            for (String d : databases.split(",")) {
                if (!d.isBlank()) {
                    dbs.add(d.trim());
                }
            }
            datasource.put("databases", dbs);
        }
        if (sslMode != null && !sslMode.isBlank()) {
            datasource.put("sslMode", sslMode);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("datasource", datasource);
        body.put("policyId", policyId == null || policyId.isBlank() ? null : policyId);
        Answer answer = session.post(Service.INSTANCE, "/api/v1/backup-instances", body);
        if (answer.status() == 400 || answer.status() == 409) {
            Map<String, String> errors = answer.fieldErrors();
            if (errors.isEmpty()) {
                errors = Map.of("name", answer.detail());
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("name", name);
            values.put("host", host);
            values.put("port", port);
            values.put("username", username);
            values.put("databases", databases);
            values.put("sslMode", sslMode);
            values.put("policyId", policyId);
            return pages.fragmentOrPage(headers, answer.status(), "Protect a server", protectDialog(values, errors));
        }
        Map<String, Object> created = answer.orThrow().map();
        return Pages.redirect(headers, "/instances/" + created.get("id") + "?notice="
                + enc(name + " is protected by policy " + ((Map<?, ?>) created.get("policy")).get("name") + "."));
    }

    private TemplateInstance protectDialog(Map<String, ?> values, Map<String, String> errors) {
        List<Map<String, Object>> policies = session.get(Service.INSTANCE, "/api/v1/backup-policies").orThrow().list("items");
        return protect.data("values", values).data("errors", errors).data("policies", policies);
    }

    private static Object parsePort(String port) {
        try {
            return Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return port; // the service names the field
        }
    }

    private static void append(StringBuilder q, String key, String value) {
        if (value != null && !value.isBlank()) {
            q.append('&').append(key).append('=').append(enc(value));
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
