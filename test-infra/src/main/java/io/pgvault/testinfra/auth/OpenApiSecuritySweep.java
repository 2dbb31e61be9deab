package io.pgvault.testinfra.auth;

import static io.restassured.RestAssured.given;

import io.pgvault.platform.security.Roles;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Walks every operation of a running service's OpenAPI document ({@code /q/openapi}, on REST
 * Assured's base URI and port) and proves its access rule holds on the wire:
 * <ul>
 * <li>every operation has a security requirement, unless it is named public here (so an endpoint
 * added without {@code @RolesAllowed} fails the sweep); the roles it needs are the requirement's
 * scopes, which Quarkus fills from {@code @RolesAllowed} ({@code auto-add-security-requirement});</li>
 * <li>without a token, and with an expired one, it answers 401 application/problem+json naming those roles;</li>
 * <li>with a token of each role that does not include one of them, and with a token of no role,
 * 403 problem+json naming them; with a role that does, neither 401 nor 403;</li>
 * <li>public operations and {@code /q/health/*} answer without a token.</li>
 * </ul>
 * Path parameters are filled with a random UUID; a body, when the operation takes one, is {@code {}}
 * (JSON) or empty (form). Every violation is collected and reported at once.
 */
public final class OpenApiSecuritySweep {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final List<String> HEALTH = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");
    private static final String NO_ROLE = "(no role)";
    private static final int TIMEOUT_MS = 10_000;

    private final Set<String> publicOperations = new LinkedHashSet<>();
    private Predicate<String> paths = path -> true;

    private OpenApiSecuritySweep() {
    }

    public static OpenApiSecuritySweep create() {
        return new OpenApiSecuritySweep();
    }

    /** An operation anyone may call, as {@code "POST /api/v1/auth/token"}. */
    public OpenApiSecuritySweep publicOperation(String methodAndPath) {
        publicOperations.add(methodAndPath);
        return this;
    }

    /** Sweeps only the paths this accepts (by default all). */
    public OpenApiSecuritySweep onlyPaths(Predicate<String> filter) {
        paths = filter;
        return this;
    }

    /** What was swept: each operation as {@code "METHOD /path"} with the roles it needs. */
    public record Report(Map<String, Set<String>> operations) {
    }

    /** Runs the sweep; throws an {@link AssertionError} listing every violation. */
    public Report run() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, List<String>>> globalSecurity = doc.getList("security");
        Map<String, Map<String, Object>> allPaths = doc.getMap("paths");
        List<String> violations = new ArrayList<>();
        Map<String, Set<String>> swept = new LinkedHashMap<>();
        Set<String> unseenPublic = new LinkedHashSet<>(publicOperations);

        for (Map.Entry<String, Map<String, Object>> path : allPaths.entrySet()) {
            if (!paths.test(path.getKey())) {
                continue;
            }
            for (String method : METHODS) {
                @SuppressWarnings("unchecked")
                Map<String, Object> op = (Map<String, Object>) path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                String name = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                unseenPublic.remove(name);
                Call call = new Call(method, fill(path.getKey()), contentType(op), streams(op));
                @SuppressWarnings("unchecked")
                List<Map<String, List<String>>> security = op.containsKey("security")
                        ? (List<Map<String, List<String>>>) op.get("security")
                        : globalSecurity;
                boolean isPublic = security == null || security.isEmpty();
                if (publicOperations.contains(name)) {
                    if (!isPublic) {
                        violations.add(name + ": named public but has a security requirement " + security);
                    }
                    checkPublic(name, call, violations);
                    swept.put(name, Set.of());
                    continue;
                }
                if (isPublic) {
                    violations.add(name + ": no security requirement (missing @RolesAllowed or @Authenticated?)");
                    continue;
                }
                Set<String> needed = requiredRoles(security);
                swept.put(name, needed);
                checkProtected(name, call, needed, violations);
            }
        }
        unseenPublic.forEach(op -> violations.add(op + ": named public but not in the OpenAPI document"));
        for (String health : HEALTH) {
            int status = new Call("get", health, null, false).send(null).statusCode();
            if (status == 401 || status == 403) {
                violations.add("GET " + health + ": answered " + status + " without a token; health must stay open");
            }
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("OpenAPI security sweep found " + violations.size() + " violation(s):\n  "
                    + String.join("\n  ", violations));
        }
        return new Report(swept);
    }

    private static void checkPublic(String name, Call call, List<String> violations) {
        int status = call.send(null).statusCode();
        if (status == 401 || status == 403) {
            violations.add(name + ": public, but answered " + status + " without a token");
        }
    }

    private static void checkProtected(String name, Call call, Set<String> needed, List<String> violations) {
        expectRefusal(name, "without a token", call.send(null), 401, needed, violations);
        expectRefusal(name, "with an expired token", call.send(TestTokens.expired("sweep", Roles.ADMIN)), 401, needed,
                violations);
        List<String> identities = new ArrayList<>(Roles.ALL);
        identities.add(NO_ROLE);
        for (String role : identities) {
            Collection<String> held = role.equals(NO_ROLE) ? List.of() : List.of(role);
            boolean granted = needed.isEmpty() || needed.stream().anyMatch(r -> Roles.grants(held, r));
            String token = TestTokens.forRoles("sweep-" + role.replaceAll("\\W", ""), held.toArray(String[]::new));
            if (!granted) {
                expectRefusal(name, "with role " + role, call.send(token), 403, needed, violations);
            } else if (!call.streams()) {
                int status = call.send(token).statusCode();
                if (status == 401 || status == 403) {
                    violations.add(name + ": with role " + role + ", which suffices, answered " + status);
                }
            }
        }
    }

    private static void expectRefusal(String name, String how, Response answer, int expected, Set<String> needed,
            List<String> violations) {
        if (answer.statusCode() != expected) {
            violations.add(name + ": " + how + " answered " + answer.statusCode() + ", not " + expected);
            return;
        }
        String type = answer.contentType() == null ? "" : answer.contentType();
        if (!type.startsWith("application/problem+json")) {
            violations.add(name + ": " + how + " answered " + expected + " as '" + type + "', not application/problem+json");
            return;
        }
        JsonPath body = answer.jsonPath();
        List<String> named = body.getList("requiredRoles");
        if (body.getInt("status") != expected || named == null || !Set.copyOf(named).equals(needed)) {
            violations.add(name + ": " + how + " answered a problem naming roles " + named + ", not " + needed);
        }
    }

    private static Set<String> requiredRoles(List<Map<String, List<String>>> security) {
        Set<String> roles = new LinkedHashSet<>();
        for (Map<String, List<String>> requirement : security) {
            for (List<String> scopes : requirement.values()) {
                if (scopes == null || scopes.isEmpty()) {
                    return Set.of(); // any signed-in caller
                }
                roles.addAll(scopes);
            }
        }
        return roles;
    }

    private static String fill(String path) {
        return path.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    @SuppressWarnings("unchecked")
    private static String contentType(Map<String, Object> op) {
        Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
        if (body == null || !(body.get("content") instanceof Map<?, ?> content) || content.isEmpty()) {
            return null;
        }
        return (String) content.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static boolean streams(Map<String, Object> op) {
        Object responses = op.get("responses");
        return responses != null && responses.toString().contains("text/event-stream");
    }

    /** One operation's request, sent with or without a token. */
    private record Call(String method, String path, String contentType, boolean streams) {

        Response send(String token) {
            RequestSpecification request = given()
                    .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                            .setParam("http.connection.timeout", TIMEOUT_MS)
                            .setParam("http.socket.timeout", TIMEOUT_MS)))
                    .redirects().follow(false);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            if (contentType != null) {
                request.contentType(contentType).body(contentType.contains("json") ? "{}" : "");
            }
            return request.request(method.toUpperCase(Locale.ROOT), path);
        }
    }
}
