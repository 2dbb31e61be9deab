package io.pgvault.console.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Calls a service's API with a user's bearer token, on the calling (worker) thread, with a timeout. The
 * console owns no data: every page is made of these answers. A service that does not answer becomes a 502
 * {@link Answer} naming it, so a page says which service is down instead of failing.
 */
@ApplicationScoped
public class ServiceCalls {

    private static final Logger LOG = Logger.getLogger(ServiceCalls.class);

    private final ConsoleConfig config;
    private final ObjectMapper json;
    private final HttpClient http;

    @Inject
    public ServiceCalls(ConsoleConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public Answer get(Service service, String pathAndQuery, String token) {
        return send(service, "GET", pathAndQuery, token, null);
    }

    public Answer post(Service service, String path, String token, Object body) {
        return send(service, "POST", path, token, body);
    }

    /** A JSON call; {@code body} null sends none. */
    public Answer send(Service service, String method, String pathAndQuery, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(service, pathAndQuery))
                .timeout(config.callTimeout()).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(service, r.statusCode(), read(r.body()));
        } catch (IOException e) {
            LOG.warnf("%s %s at %s: %s", method, pathAndQuery, service.displayName(), e.toString());
            return unreachable(service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(service);
        }
    }

    /**
     * Opens a Server-Sent Events stream ({@code text/event-stream}) and answers its lines as they come; the
     * caller closes the stream. Without a timeout: a stream lives as long as its page.
     */
    public Stream<String> stream(Service service, String pathAndQuery, String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri(service, pathAndQuery))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).GET().build();
        try {
            HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException(service.displayName() + " answered " + r.statusCode() + " to " + pathAndQuery);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** One {@code data:} line of an event stream, parsed; null for any other line. */
    public JsonNode eventData(String line) {
        if (!line.startsWith("data:")) {
            return null;
        }
        return read(line.substring(5).trim());
    }

    private URI uri(Service service, String pathAndQuery) {
        String base = config.urlOf(service).toString().replaceAll("/+$", "");
        return URI.create(base + pathAndQuery);
    }

    private Answer unreachable(Service service) {
        ObjectNode problem = json.createObjectNode().put("title", "Service unavailable").put("status", 502)
                .put("detail", service.displayName() + " did not answer; try again in a moment");
        return new Answer(service, 502, problem);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String text) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return NullNode.getInstance();
        }
    }
}
