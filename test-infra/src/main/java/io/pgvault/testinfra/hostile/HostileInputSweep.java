package io.pgvault.testinfra.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sends generated hostile requests to every operation of a running service's OpenAPI document
 * ({@code /q/openapi}) with a valid token, and proves three things of every answer:
 * <ul>
 * <li>none is 5xx (nor a request the server never answered);</li>
 * <li>every 4xx is {@code application/problem+json};</li>
 * <li>a refused request (4xx) changed no row: a {@linkplain TableDigest digest} of every application table
 * of the service's database, taken after each request, is the same before and after it.</li>
 * </ul>
 * Generation is deterministic ({@link #seed}); every operation gets its fixed catalogue of requests
 * ({@link HostileRequests}), then random combinations are added until {@link #atLeast} requests are sent.
 * It prints one line, {@code hostile: requests=N 4xx=N 5xx=0 rows-changed=0}, and {@link #run} throws an
 * {@link AssertionError} listing every violation. Usable against any base URL and database:
 *
 * <pre>{@code HostileInputSweep.create().baseUrl("http://127.0.0.1:8081").token(adminToken)
 *     .database(jdbcUrl, user, password).run();}</pre>
 */
public final class HostileInputSweep {

    /** Stands for the sweep's own token in a generated header. */
    static final String TOKEN = "\u0001token";

    private static final int TIMEOUT_S = 20;
    private static final int MAX_READ = 256 * 1024;

    private String baseUrl;
    private String token;
    private String jdbcUrl;
    private String dbUser;
    private String dbPassword;
    private final Set<String> excludedTables = new LinkedHashSet<>(Set.of("flyway_schema_history"));
    /**
     * The relay marks a row sent (or counts its refusals, parks it) after its request's answer; a refused
     * request's row would be a new row, which the digest still sees.
     */
    private final Map<String, Set<String>> ignoredColumns = new HashMap<>(Map.of("outbox",
            new LinkedHashSet<>(List.of("sent_at", "attempts", "last_error", "parked_at"))));
    private long seed = 11;
    private int atLeast = 500;
    private int bodyLimit = 256 * 1024;
    private Predicate<String> paths = path -> true;
    private final Map<String, String> examples = new HashMap<>();
    private final Map<String, Map<String, String>> pathValues = new HashMap<>();

    private HostileInputSweep() {
    }

    public static HostileInputSweep create() {
        return new HostileInputSweep();
    }

    /** The service's base URL; by default REST Assured's base URI and port (the @QuarkusTest's service). */
    public HostileInputSweep baseUrl(String url) {
        baseUrl = url.replaceFirst("/$", "");
        return this;
    }

    /** The bearer token every request carries (an admin's, so that roles never answer in place of validation). */
    public HostileInputSweep token(String bearerToken) {
        token = bearerToken;
        return this;
    }

    /** The service's own database, whose tables are digested around each request. */
    public HostileInputSweep database(String url, String user, String password) {
        jdbcUrl = url;
        dbUser = user;
        dbPassword = password;
        return this;
    }

    /** Tables left out of the digest (that change without a request, on reads or on a timer); say why where you call it. */
    public HostileInputSweep excludeTables(String... tables) {
        excludedTables.addAll(List.of(tables));
        return this;
    }

    /**
     * Columns left out of a table's digest, that change after a request's answer or on a timer (by default
     * {@code outbox.sent_at}, {@code attempts}, {@code last_error} and {@code parked_at}, which the relay sets
     * after an accepted request's answer).
     */
    public HostileInputSweep ignoreColumns(String table, String... columns) {
        ignoredColumns.computeIfAbsent(table, t -> new LinkedHashSet<>()).addAll(List.of(columns));
        return this;
    }

    /** The seed of the generator; a seed gives the same requests in the same order. */
    public HostileInputSweep seed(long value) {
        seed = value;
        return this;
    }

    /** The fewest requests to send (the catalogue may be more); default 500. */
    public HostileInputSweep atLeast(int requests) {
        atLeast = requests;
        return this;
    }

    /** The service's body limit ({@code quarkus.http.limits.max-body-size}) in bytes; one body is sent above it. */
    public HostileInputSweep bodyLimit(int bytes) {
        bodyLimit = bytes;
        return this;
    }

    /** Sweeps only the paths this accepts. */
    public HostileInputSweep onlyPaths(Predicate<String> filter) {
        paths = filter;
        return this;
    }

    /**
     * A valid body of an operation ({@code "POST /api/v1/backup-policies"}), mutated one field at a time, so
     * that a single hostile field gets past the others' checks.
     */
    public HostileInputSweep example(String operation, String json) {
        examples.put(operation, json);
        return this;
    }

    /** Values of path parameters of an operation (or of every operation of a path template), e.g. a real id. */
    public HostileInputSweep pathValues(String operationOrTemplate, Map<String, String> values) {
        pathValues.put(operationOrTemplate, values);
        return this;
    }

    /** What the sweep saw. */
    public record Report(int requests, int clientErrors, int serverErrors, int rowsChanged, int successes,
            List<String> violations) {

        /** The one line of figures. */
        public String line() {
            return "hostile: requests=" + requests + " 4xx=" + clientErrors + " 5xx=" + serverErrors + " rows-changed="
                    + rowsChanged;
        }
    }

    /** Runs the sweep, prints its line, and throws an {@link AssertionError} listing every violation. */
    public Report run() {
        Report report = collect();
        if (!report.violations().isEmpty()) {
            throw new AssertionError(report.line() + "; " + report.violations().size() + " violation(s):\n  "
                    + String.join("\n  ", report.violations()));
        }
        return report;
    }

    /** Runs the sweep and prints its line; the caller judges the report. */
    public Report collect() {
        String base = baseUrl != null ? baseUrl : RestAssured.baseURI.replaceFirst("/$", "") + ":" + RestAssured.port;
        if (token == null) {
            throw new IllegalStateException("a token is needed: .token(an admin's bearer token)");
        }
        if (jdbcUrl == null) {
            throw new IllegalStateException("the service's database is needed: .database(jdbcUrl, user, password)");
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        JsonNode document = openApi(http, base);
        HostileRequests generator = new HostileRequests(document, seed, bodyLimit, examples, pathValues);
        List<HostileRequests.Operation> operations = generator.operations().stream()
                .filter(op -> paths.test(op.template())).toList();
        Map<String, List<String>> methodsByPath = new LinkedHashMap<>();
        operations.forEach(op -> methodsByPath.computeIfAbsent(op.template(), p -> new ArrayList<>()).add(op.method()));

        List<HostileRequests.Case> cases = new ArrayList<>();
        for (HostileRequests.Operation op : operations) {
            cases.addAll(generator.catalogue(op, methodsByPath.get(op.template())));
        }
        for (int i = 0; cases.size() < atLeast && !operations.isEmpty(); i++) {
            cases.add(generator.randomCase(operations.get(i % operations.size())));
        }

        int clientErrors = 0;
        int serverErrors = 0;
        int rowsChanged = 0;
        int successes = 0;
        List<String> violations = new ArrayList<>();
        try (TableDigest digest = TableDigest.open(jdbcUrl, dbUser, dbPassword, excludedTables, ignoredColumns)) {
            Map<String, String> before = digest.take();
            for (HostileRequests.Case c : cases) {
                Answer answer = send(http, base, c);
                Map<String, String> after = digest.take();
                String what = c.operation() + " [" + c.label() + "] " + c.method().toUpperCase(Locale.ROOT) + " "
                        + HostileRequests.shorten(c.path());
                if (answer.status() < 0) {
                    serverErrors++;
                    violations.add(what + ": no answer (" + answer.error() + ")");
                } else if (answer.status() >= 500) {
                    serverErrors++;
                    violations.add(what + ": answered " + answer.status() + " " + HostileRequests.shorten(answer.body()));
                } else if (c.label().startsWith(HostileRequests.STRICT) && answer.status() != 400) {
                    violations.add(what + ": answered " + answer.status() + ", not 400");
                    clientErrors += answer.status() >= 400 ? 1 : 0;
                    successes += answer.status() < 400 ? 1 : 0;
                } else if (answer.status() >= 400) {
                    clientErrors++;
                    if (!answer.contentType().startsWith("application/problem+json")) {
                        violations.add(what + ": answered " + answer.status() + " as '" + answer.contentType()
                                + "', not application/problem+json");
                    }
                    List<String> changed = TableDigest.changed(before, after);
                    if (!changed.isEmpty()) {
                        rowsChanged++;
                        violations.add(what + ": refused with " + answer.status() + " but changed rows of " + changed);
                    }
                } else {
                    successes++;
                }
                before = after;
            }
        }
        Report report = new Report(cases.size(), clientErrors, serverErrors, rowsChanged, successes, violations);
        System.out.println(report.line());
        return report;
    }

    private JsonNode openApi(HttpClient http, String base) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(TIMEOUT_S)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET " + base + "/q/openapi answered " + answer.statusCode());
            }
            return new ObjectMapper().readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the OpenAPI document of " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private record Answer(int status, String contentType, String body, String error) {}

    private Answer send(HttpClient http, String base, HostileRequests.Case c) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(Duration.ofSeconds(TIMEOUT_S));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("generated a path the client cannot send: " + c.path(), e);
        }
        request.header("Authorization", "Bearer " + token);
        for (String[] header : c.headers()) {
            request.header(header[0], header[1].equals(TOKEN) ? "Bearer " + token : header[1]);
        }
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : c.label().startsWith(HostileRequests.CHUNKED)
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(c.body()))
                        : HttpRequest.BodyPublishers.ofByteArray(c.body());
        request.method(c.method().toUpperCase(Locale.ROOT), body);
        try {
            HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = answer.headers().firstValue("Content-Type").orElse("");
            String text = "";
            try (InputStream in = answer.body()) {
                if (!type.startsWith("text/event-stream")) {
                    text = new String(in.readNBytes(MAX_READ), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            return new Answer(answer.statusCode(), type, text, null);
        } catch (IOException e) {
            return new Answer(-1, "", "", e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
