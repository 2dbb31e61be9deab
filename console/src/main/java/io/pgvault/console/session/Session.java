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

    /** The token's roles with the ones they include (admin ⊃ operator ⊃ reader), as the services read them. */
    public Set<String> roles() {
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode g : claims(token()).path("groups")) {
            roles.add(g.asText());
        }
        if (roles.contains(ADMIN)) {
            roles.add(OPERATOR);
        }
        if (roles.contains(OPERATOR)) {
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

    /** The highest role, for the header. */
    public String role() {
        return admin() ? ADMIN : operator() ? OPERATOR : roles().contains(READER) ? READER : "no role";
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
