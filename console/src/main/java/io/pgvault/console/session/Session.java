package io.pgvault.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.console.api.Answer;
import io.pgvault.console.api.ConsoleConfig;
import io.pgvault.console.api.Service;
import io.pgvault.console.api.ServiceCalls;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The signed-in user of this request: the access token from the session cookie, and what its claims say
 * (subject, roles, expiry), read to decide which controls a page shows. The services verify the token and
 * enforce the roles on every call; the console only mirrors them. In templates: {@code inject:session}.
 */
@RequestScoped
@Named("session")
public class Session {

    public static final String READER = "backup-reader";
    public static final String OPERATOR = "backup-operator";
    public static final String ADMIN = "backup-admin";
    /** The second person of multi-user authorization: approves or rejects another user's pending operation. */
    public static final String APPROVER = "backup-approver";

    @Inject
    RoutingContext request;
    @Inject
    ConsoleConfig config;
    @Inject
    ServiceCalls calls;
    @Inject
    ObjectMapper json;
    @Inject
    Csrf csrf;

    private JsonNode claims;

    /** The token, or {@link SignInRequired} when there is none or it has expired. */
    public String token() {
        Cookie cookie = request.request().getCookie(config.cookieName());
        if (cookie == null || cookie.getValue().isBlank()) {
            throw new SignInRequired("Sign in to continue.");
        }
        JsonNode c = claims(cookie.getValue());
        if (c == null || c.path("exp").asLong(0) <= Instant.now().getEpochSecond()) {
            throw new SignInRequired("Your session has ended; sign in again.");
        }
        return cookie.getValue();
    }

    public boolean signedIn() {
        try {
            token();
            return true;
        } catch (SignInRequired e) {
            return false;
        }
    }

    public String username() {
        JsonNode c = claims(token());
        return c.hasNonNull("upn") ? c.get("upn").asText() : c.path("sub").asText();
    }

    public String subject() {
        return claims(token()).path("sub").asText();
    }

    /**
     * The token's roles with the ones they include (admin ⊃ operator ⊃ reader, approver ⊃ reader), as the services
     * read them, from the claim the services read them from ({@code pgvault.console.roles-claim}, a path such as
     * {@code realm_access/roles} for an external provider).
     */
    public Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>();
        JsonNode claim = claims(token());
        for (String step : config.rolesClaim().split("/")) {
            claim = claim.path(step);
        }
        for (JsonNode g : claim) {
            roles.add(g.asText());
        }
        if (roles.contains(ADMIN)) {
            roles.add(OPERATOR);
        }
        if (roles.contains(OPERATOR) || roles.contains(APPROVER)) {
            roles.add(READER);
        }
        return roles;
    }

    public boolean operator() {
        return roles().contains(OPERATOR);
    }

    public boolean admin() {
        return roles().contains(ADMIN);
    }

    public boolean approver() {
        return roles().contains(APPROVER);
    }

    /** The highest role, for the header (an approver's second role after a comma). */
    public String role() {
        String role = admin() ? ADMIN : operator() ? OPERATOR : approver() ? APPROVER
                : roles().contains(READER) ? READER : "no role";
        return approver() && !APPROVER.equals(role) ? role + ", " + APPROVER : role;
    }

    /** This page's CSRF token (sent back by htmx in the {@code X-CSRF-Token} header of every form). */
    public String csrfToken() {
        return csrf.tokenFor(request);
    }

    // ---- calls with the user's token ------------------------------------------------------------------

    public Answer get(Service service, String pathAndQuery) {
        return calls.get(service, pathAndQuery, token());
    }

    public Answer post(Service service, String path, Object body) {
        return calls.post(service, path, token(), body);
    }

    public Answer send(Service service, String method, String path, Object body) {
        return calls.send(service, method, path, token(), body);
    }

    private JsonNode claims(String token) {
        if (claims == null) {
            String[] parts = token.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            try {
                claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            } catch (IOException | IllegalArgumentException e) {
                return null;
            }
        }
        return claims;
    }
}
