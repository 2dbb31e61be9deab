package io.pgvault.console.session;

import io.pgvault.console.api.Answer;
import io.pgvault.console.api.ConsoleConfig;
import io.pgvault.console.api.Service;
import io.pgvault.console.api.ServiceCalls;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Sign in with the embedded issuer ({@code POST /api/v1/auth/token} at instance-service; when an external provider
 * is configured, there instead: {@link OidcSignInResource}) and sign out. The
 * access token goes into an HttpOnly, SameSite=Strict cookie (Secure over TLS) that lives as long as the
 * token; the password is never kept.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class SignInResource {

    @Inject
    @Location("session/sign-in.html")
    Template signIn;

    @Inject
    ServiceCalls calls;
    @Inject
    ConsoleConfig config;
    @Inject
    RoutingContext request;

    @GET
    @Path("sign-in")
    public TemplateInstance form(@RestQuery String reason) {
        return signIn.data("reason", reason).data("error", null).data("username", "").data("oidc", OidcSignInResource.name(config));
    }

    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@RestForm String username, @RestForm String password, HttpHeaders headers) {
        Answer answer = calls.post(Service.INSTANCE, "/api/v1/auth/token", null,
                Map.of("username", username == null ? "" : username, "password", password == null ? "" : password));
        if (!answer.ok()) {
            String error = answer.status() == 401 ? "Wrong username or password." : answer.detail();
            return Response.status(answer.status() == 401 ? 401 : answer.status() >= 500 ? 502 : 400)
                    .entity(signIn.data("reason", null).data("error", error).data("username", username)
                            .data("oidc", OidcSignInResource.name(config))).build();
        }
        String token = answer.body().path("accessToken").asText();
        int lifetime = answer.body().path("expiresIn").asInt(900);
        NewCookie cookie = new NewCookie.Builder(config.cookieName()).value(token).path("/").httpOnly(true)
                .secure("https".equals(request.request().scheme())).sameSite(NewCookie.SameSite.STRICT).maxAge(lifetime).build();
        Response.ResponseBuilder ok = "true".equals(headers.getHeaderString("HX-Request"))
                ? Response.ok().header("HX-Redirect", "/") : Response.seeOther(URI.create("/"));
        return ok.cookie(cookie).build();
    }

    @POST
    @Path("sign-out")
    public Response signOut(HttpHeaders headers) {
        NewCookie gone = new NewCookie.Builder(config.cookieName()).value("").path("/").httpOnly(true)
                .secure("https".equals(request.request().scheme())).sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
        String target = "/sign-in?reason=Signed%20out.";
        Response.ResponseBuilder r = "true".equals(headers.getHeaderString("HX-Request"))
                ? Response.ok().header("HX-Redirect", target) : Response.seeOther(URI.create(target));
        return r.cookie(gone).build();
    }
}
