package io.pgvault.console.proxy;

import io.pgvault.console.api.ConsoleConfig;
import io.pgvault.console.api.Service;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * Forwards {@code /api/v1/**} (the job stream included) and the key set to the owning service with Vert.x's
 * reverse proxy, so the README, {@code scripts/demo} and the CLI need one base URL. Requests and answers
 * pass unchanged, the bearer token too; the console adds nothing (a browser's session cookie is not turned
 * into a token here, so a forged cross-site request gains nothing from it).
 */
@ApplicationScoped
public class ApiForwarding {

    void route(@Observes Router router, Vertx vertx, ConsoleConfig config) {
        Map<Service, SocketAddress> origins = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            URI url = config.urlOf(s);
            int port = url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
            origins.put(s, SocketAddress.inetSocketAddress(port, url.getHost()));
        }
        // Streams (SSE) stay open as long as their client: no idle timeout on the forwarded connection.
        HttpProxy proxy = HttpProxy.reverseProxy(vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(5_000).setMaxPoolSize(64)))
                .originSelector(request -> ApiRoutes.ownerOf(request.path()).map(origins::get)
                        .map(Future::succeededFuture)
                        .orElseGet(() -> Future.failedFuture("not forwarded: " + request.path())));
        router.route().order(-10).handler(rc -> {
            if (ApiRoutes.forwarded(rc.normalizedPath())) {
                proxy.handle(rc.request());
            } else {
                rc.next();
            }
        });
    }
}
