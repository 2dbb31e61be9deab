package io.pgvault.cli.http;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The base URL of each service.
 *
 * @param instance  instance-service: policies, backup instances, sign-in
 * @param job       job-service: jobs and their live stream
 * @param retention retention-service: recovery points
 */
public record Endpoints(String instance, String job, String retention) {

    public Endpoints {
        instance = trim(Objects.requireNonNull(instance, "instance"));
        job = trim(Objects.requireNonNull(job, "job"));
        retention = trim(Objects.requireNonNull(retention, "retention"));
    }

    /** Every service behind one base URL (a console that forwards {@code /api/v1/**}). */
    public static Endpoints single(String server) {
        return new Endpoints(server, server, server);
    }

    /** The local defaults of scripts/run. */
    public static Endpoints defaults() {
        return new Endpoints(Service.INSTANCE.defaultUrl(), Service.JOB.defaultUrl(), Service.RETENTION.defaultUrl());
    }

    public String of(Service service) {
        return switch (service) {
            case INSTANCE -> instance;
            case JOB -> job;
            case RETENTION -> retention;
        };
    }

    /** True when the URL's scheme, host and port are those of one of these endpoints. */
    public boolean sameOriginAsOne(URI uri) {
        return List.of(instance, job, retention).stream().map(URI::create).anyMatch(e -> sameOrigin(e, uri));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String trim(String url) {
        String u = url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
