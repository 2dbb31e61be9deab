package io.pgvault.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.pgvault.cli.json.JsonTrees;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import javax.net.ssl.SSLParameters;

/**
 * The services' REST APIs over {@code java.net.http}: JSON in and out, the bearer token on every call to an
 * endpoint it was issued with, problem+json refusals as {@link RefusedException}, a 401 as
 * {@link SignInRequiredException}, no answer as {@link UnreachableException}.
 */
public final class Api implements AutoCloseable {

    /** Header that makes a changing request safe to retry. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final Endpoints endpoints;
    private final Optional<Bearer> bearer;
    private final HttpClient client;
    private final Duration timeout;
    private final List<Thread> selectors;

    /**
     * A token and the endpoints it was issued with; it is sent to those origins only.
     *
     * @param token     the access token
     * @param issuedFor where it may be sent
     */
    public record Bearer(String token, Endpoints issuedFor) {}

    public Api(Endpoints endpoints, Optional<Bearer> bearer, Duration connectTimeout, Duration timeout) {
        this.endpoints = endpoints;
        this.bearer = bearer;
        this.timeout = timeout;
        Set<Thread> before = selectorThreads();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // Empty parameters: the context's defaults apply, and asking for them would set up TLS now.
                .sslContext(new LazyTls())
                .sslParameters(new SSLParameters())
                .build();
        this.selectors = selectorThreads().stream().filter(t -> !before.contains(t)).toList();
    }

    /**
     * Ends the client's selector thread. Java 17's HTTP client has no {@code close()}, and at exit HotSpot waits up
     * to 300 ms for threads that are inside native code (the selector sits in {@code epoll_wait}); interrupting it
     * ends its loop, which takes that wait off every command's end.
     */
    @Override
    public void close() {
        selectors.forEach(Thread::interrupt);
    }

    private static Set<Thread> selectorThreads() {
        Thread[] threads = new Thread[Thread.activeCount() + 16];
        int n = Thread.enumerate(threads);
        Set<Thread> found = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = threads[i].getName();
            if (name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
                found.add(threads[i]);
            }
        }
        return found;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public JsonNode get(Service service, String path, Map<String, String> query) {
        return send("GET", service, path, query, null, null);
    }

    /** A GET whose 404 means "not there yet" rather than a refusal. */
    public Optional<JsonNode> find(Service service, String path) {
        try {
            return Optional.of(get(service, path, Map.of()));
        } catch (RefusedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Sends a request and answers the body as JSON (a missing node for an empty body).
     *
     * @param method         HTTP method
     * @param service        which service
     * @param path           path below the service's base URL, starting with {@code /api/v1}
     * @param query          query parameters; null values are left out
     * @param body           JSON body or null
     * @param idempotencyKey sent as {@code Idempotency-Key} when not null
     */
    public JsonNode send(String method, Service service, String path, Map<String, String> query, JsonNode body,
            String idempotencyKey) {
        HttpRequest.Builder request = request(service, path, query).timeout(timeout);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header(IDEMPOTENCY_KEY, idempotencyKey);
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        HttpResponse<String> response = exchange(service, request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
            String text = response.body();
            return text == null || text.isBlank() ? MissingNode.getInstance() : read(text);
        }
        throw refusal(response.statusCode(), response.body());
    }

    /**
     * Opens a Server-Sent Events stream; the caller closes the returned stream of lines, which ends the
     * connection.
     */
    public Stream<String> stream(Service service, String path, Map<String, String> query) {
        HttpRequest request = request(service, path, query).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = exchange(service, request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (Stream<String> lines = response.body()) {
                body = String.join("\n", (Iterable<String>) lines::iterator);
            }
            throw refusal(response.statusCode(), body);
        }
        return response.body();
    }

    private HttpRequest.Builder request(Service service, String path, Map<String, String> query) {
        URI uri = URI.create(endpoints.of(service) + path + queryString(query));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "application/json")
                .header("User-Agent", "pgvault-cli");
        bearer.filter(t -> t.issuedFor().sameOriginAsOne(uri))
                .ifPresent(t -> b.header("Authorization", "Bearer " + t.token()));
        return b;
    }

    private <T> HttpResponse<T> exchange(Service service, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        String base = endpoints.of(service);
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw new UnreachableException(service, base, "no connection within the connect timeout", e);
        } catch (HttpTimeoutException e) {
            throw new UnreachableException(service, base, "no answer within " + timeout.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new UnreachableException(service, base, e.getMessage() == null ? "connection refused" : e.getMessage(), e);
        } catch (IOException e) {
            throw new UnreachableException(service, base, String.valueOf(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException(service, base, "interrupted", e);
        }
    }

    private RuntimeException refusal(int status, String body) {
        JsonNode problem = tryRead(body);
        String detail = problem.path("detail").asText(problem.path("title").asText(""));
        if (detail.isEmpty()) {
            detail = "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + firstLine(body));
        }
        if (status == 401) {
            return new SignInRequiredException(detail);
        }
        return new RefusedException(status, detail, problem);
    }

    private JsonNode read(String text) {
        try {
            return JsonTrees.read(text);
        } catch (IOException e) {
            throw new RefusedException(200, "the answer is not JSON: " + firstLine(text), MissingNode.getInstance());
        }
    }

    private static JsonNode tryRead(String text) {
        JsonNode node = JsonTrees.tryRead(text);
        return node.isObject() ? node : MissingNode.getInstance();
    }

    private static String write(JsonNode body) {
        return JsonTrees.write(body, false);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String queryString(Map<String, String> query) {
        if (query == null || query.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> {
            if (v != null) {
                joined.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return joined.length() == 1 ? "" : joined.toString();
    }
}
