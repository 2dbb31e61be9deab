package io.pgvault.platform.security;

import io.pgvault.platform.problem.Problem;
import io.pgvault.platform.problem.ProblemMappers;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers refused calls as application/problem+json that names the role the operation needs
 * ({@code requiredRoles}): 401 without a valid bearer token (with {@code WWW-Authenticate: Bearer},
 * RFC 6750), 403 with a token whose roles do not include it. The roles come from the operation's own
 * {@code @RolesAllowed}, so the answer never drifts from the rule.
 */
public class SecurityProblems {

    private static final Logger LOG = Logger.getLogger(SecurityProblems.class);

    /** Problem extension: the roles any one of which the operation accepts; empty for "any signed-in caller". */
    public static final String REQUIRED_ROLES = "requiredRoles";

    private final CurrentIdentityAssociation identity;

    public SecurityProblems(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri, ResourceInfo resource) {
        List<String> roles = requiredRoles(resource);
        String detail = "this operation needs a bearer token" + (roles.isEmpty() ? "" : " with role " + oneOf(roles))
                + "; sign in at POST /api/v1/auth/token or with your identity provider";
        return challenge(problem(401, "Unauthorized", detail, uri, roles), "Bearer");
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e, UriInfo uri, ResourceInfo resource) {
        // The reason (expired, bad signature, wrong issuer or audience) helps an operator, not a caller.
        LOG.debugf("bearer token refused for %s: %s", ProblemMappers.path(uri), e.getMessage());
        List<String> roles = requiredRoles(resource);
        String detail = "the bearer token was refused: expired, not yet valid, from another issuer or audience, "
                + "or badly signed; get a new one";
        return challenge(problem(401, "Unauthorized", detail, uri, roles), "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Uni<Response> forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        List<String> roles = requiredRoles(resource);
        // Already authenticated (a 403 follows a role check), so the deferred identity is at hand.
        return identity.getDeferredIdentity()
                .map(who -> new TreeSet<>(who.getRoles()).toString())
                .onFailure().recoverWithItem("[]")
                .map(held -> {
                    String detail = roles.isEmpty()
                            ? "this operation is not allowed for the token's roles " + held
                            : "this operation needs role " + oneOf(roles) + "; the token has " + held;
                    return ProblemMappers.respond(problem(403, "Forbidden", detail, uri, roles));
                });
    }

    /** The roles an operation's {@code @RolesAllowed} names (method first, then class); empty when none or authenticated only. */
    public static List<String> requiredRoles(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        Method method = resource.getResourceMethod();
        RolesAllowed rule = method.getAnnotation(RolesAllowed.class);
        if (rule == null && method.getAnnotation(Authenticated.class) == null) {
            rule = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return rule == null ? List.of() : List.of(rule.value());
    }

    private static Problem problem(int status, String title, String detail, UriInfo uri, List<String> roles) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put(REQUIRED_ROLES, roles);
        return new Problem(null, title, status, detail, ProblemMappers.path(uri), null, ext);
    }

    private static Response challenge(Problem problem, String wwwAuthenticate) {
        return Response.fromResponse(ProblemMappers.respond(problem))
                .header(HttpHeaders.WWW_AUTHENTICATE, wwwAuthenticate)
                .build();
    }

    private static String oneOf(List<String> roles) {
        return roles.size() == 1 ? roles.get(0) : "one of " + roles;
    }
}
