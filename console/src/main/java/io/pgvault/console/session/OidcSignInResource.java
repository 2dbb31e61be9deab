package io.pgvault.console.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.console.api.ConsoleConfig;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Sign-in at an external OpenID Connect provider ({@code pgvault.console.oidc.*}): the authorization-code flow
 * with PKCE (S256). {@code /sign-in/oidc} sends the browser to the provider with a fresh state and code
 * challenge, whose state and verifier wait in a short-lived HttpOnly cookie sealed with this process's key
 * (SameSite=Lax, so that the provider's redirect back brings it); the callback checks the state, exchanges the
 * code with the verifier at the token endpoint, and keeps the access token in the session cookie as the
 * password sign-in does. The access token must be a JWT: the services verify it, the console reads its roles.
 */
@Path("/sign-in/oidc")
@Produces(MediaType.TEXT_HTML)
public class OidcSignInResource {

    static final String STATE_COOKIE = "pgvault-oidc";
    private static final String CALLBACK = "/sign-in/oidc/callback";
    private static final int STATE_LIFETIME_S = 600;
    private static final Logger LOG = Logger.getLogger(OidcSignInResource.class);

    @Inject
    @Location("session/sign-in.html")
    Template signIn;
    @Inject
    @Location("session/signed-in.html")
    Template signedIn;
    @Inject
    ConsoleConfig config;
    @Inject
    Csrf csrf;
    @Inject
    RoutingContext request;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** To the provider's authorization endpoint, with a new state and code challenge. */
    @GET
    public Response start() {
        ConsoleConfig.Oidc oidc = oidc();
        String state = Pkce.random();
        String verifier = Pkce.random();
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", oidc.clientId().orElseThrow());
        q.put("redirect_uri", redirectUri());
        q.put("scope", oidc.scope());
        q.put("state", state);
        q.put("code_challenge", Pkce.challenge(verifier));
        q.put("code_challenge_method", "S256");
        String endpoint = oidc.authorizationEndpoint().orElseThrow().toString();
        URI target = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + form(q));
        String sealed = state + "." + verifier;
        return Response.seeOther(target).cookie(stateCookie(sealed + "." + csrf.sign(sealed), STATE_LIFETIME_S)).build();
    }

    /** The provider's redirect back: the state checked, the code exchanged, the access token kept. */
    @GET
    @Path("callback")
    public Response callback(@RestQuery String code, @RestQuery String state, @RestQuery String error,
            @RestQuery("error_description") String errorDescription) {
        ConsoleConfig.Oidc oidc = oidc();
        if (error != null) {
            return refused(401, "The identity provider did not sign you in: "
                    + (errorDescription != null ? errorDescription : error) + ".");
        }
        String verifier = verifierFor(state);
        if (verifier == null || code == null || code.isBlank()) {
            return refused(400, "This sign-in could not be verified (it was not started here, or it took too long). Sign in again.");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("grant_type", "authorization_code");
        body.put("code", code);
        body.put("redirect_uri", redirectUri());
        body.put("client_id", oidc.clientId().orElseThrow());
        body.put("code_verifier", verifier);
        HttpRequest.Builder exchange = HttpRequest.newBuilder(oidc.tokenEndpoint().orElseThrow()).timeout(config.callTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(body)));
        String secret = clientSecret();
        if (secret != null) {
            String basic = enc(oidc.clientId().orElseThrow()) + ":" + enc(secret); // RFC 6749 §2.3.1
            exchange.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        JsonNode tokens;
        try {
            HttpResponse<String> r = http.send(exchange.build(), HttpResponse.BodyHandlers.ofString());
            tokens = r.body() == null || r.body().isBlank() ? json.createObjectNode() : json.readTree(r.body());
            if (r.statusCode() != 200) {
                LOG.warnf("the token endpoint answered %d (%s)", r.statusCode(), tokens.path("error").asText("no error code"));
                return refused(401, "The identity provider refused the sign-in: "
                        + tokens.path("error_description").asText(tokens.path("error").asText("HTTP " + r.statusCode())) + ".");
            }
        } catch (IOException e) {
            LOG.warnf("the token endpoint did not answer: %s", e.toString());
            return refused(502, "The identity provider did not answer; try again in a moment.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused(502, "The identity provider did not answer; try again in a moment.");
        }
        String token = tokens.path("access_token").asText("");
        JsonNode claims = claims(token);
        long now = Instant.now().getEpochSecond();
        if (claims == null || claims.path("exp").asLong(0) <= now) {
            return refused(401, "The identity provider's access token is not a JWT that is still valid; pgvault needs one.");
        }
        if (oidc.issuer().isPresent() && !oidc.issuer().get().equals(claims.path("iss").asText())) {
            return refused(401, "The access token was issued by " + claims.path("iss").asText("nobody") + ", not by "
                    + oidc.issuer().get() + ".");
        }
        int lifetime = (int) Math.max(1, Math.min(tokens.path("expires_in").asLong(claims.path("exp").asLong() - now),
                claims.path("exp").asLong() - now));
        NewCookie session = new NewCookie.Builder(config.cookieName()).value(token).path("/").httpOnly(true).secure(tls())
                .sameSite(NewCookie.SameSite.STRICT).maxAge(lifetime).build();
        // a page, not a redirect: the SameSite=Strict cookie is sent only from a navigation this site starts
        return Response.ok(signedIn.instance()).type("text/html;charset=UTF-8").cookie(session, stateCookie("", 0)).build();
    }

    /** The verifier sealed with this state, or null when the cookie is missing, forged or of another sign-in. */
    private String verifierFor(String state) {
        io.vertx.core.http.Cookie cookie = request.request().getCookie(STATE_COOKIE);
        if (cookie == null || state == null) {
            return null;
        }
        String[] parts = cookie.getValue().split("\\.");
        if (parts.length != 3) {
            return null;
        }
        String sealed = parts[0] + "." + parts[1];
        boolean genuine = MessageDigest.isEqual(csrf.sign(sealed).getBytes(StandardCharsets.US_ASCII),
                parts[2].getBytes(StandardCharsets.US_ASCII));
        boolean same = MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.US_ASCII), state.getBytes(StandardCharsets.US_ASCII));
        return genuine && same ? parts[1] : null;
    }

    private Response refused(int status, String error) {
        return Response.status(status).type("text/html;charset=UTF-8").cookie(stateCookie("", 0))
                .entity(signIn.data("reason", null).data("error", error).data("username", "").data("oidc", name(config))).build();
    }

    private NewCookie stateCookie(String value, int maxAge) {
        return new NewCookie.Builder(STATE_COOKIE).value(value).path("/sign-in/oidc").httpOnly(true).secure(tls())
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    private String redirectUri() {
        return oidc().redirectUri().map(URI::toString)
                .orElseGet(() -> URI.create(request.request().absoluteURI()).resolve(CALLBACK).toString());
    }

    private String clientSecret() {
        return oidc().clientSecretFile().map(f -> {
            try {
                return Files.readString(f).strip();
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the OIDC client secret file " + f, e);
            }
        }).orElse(null);
    }

    private boolean tls() {
        return "https".equals(request.request().scheme());
    }

    private ConsoleConfig.Oidc oidc() {
        if (!config.oidc().configured()) {
            throw new NotFoundException();
        }
        return config.oidc();
    }

    private JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The provider's name on the sign-in page (its issuer's host), or null when sign-in is with the embedded issuer. */
    static String name(ConsoleConfig config) {
        if (!config.oidc().configured()) {
            return null;
        }
        return config.oidc().issuer().map(i -> {
            String host = URI.create(i).getHost();
            return host == null ? i : host;
        }).orElse("your identity provider");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
