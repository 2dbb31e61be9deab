package io.pgvault.console.proxy;

import io.pgvault.console.api.Service;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service owns a path under the console's one URL: job-service the jobs and their stream, and a
 * point's verification ({@code /api/v1/recovery-points/{id}/verify}, a VERIFY job); retention-service the
 * recovery points, an instance's point list, what the vault holds of it and an action's impact on it, the vault's
 * impact and the retention reports (a request for a protected operation on a point,
 * {@code /api/v1/pending-operations/recovery-points/…}, is instance-service's), and
 * instance-service everything else of {@code /api/v1} (policies, instances, sign-in, users) and the key set.
 */
public final class ApiRoutes {

    /** An instance's points, what the vault holds of them, and an action's impact on them: retention-service's. */
    private static final Pattern INSTANCE_POINTS =
            Pattern.compile("^/api/v1/backup-instances/[^/]+/(recovery-points|immutability|impact)/?(\\?.*)?$");
    private static final Pattern VAULT_IMPACT = Pattern.compile("^/api/v1/vault/impact/?(\\?.*)?$");
    private static final Pattern POINT_VERIFY = Pattern.compile("^/api/v1/recovery-points/[^/?]+/verify/?(\\?.*)?$");

    private ApiRoutes() {}

    /** True for the paths the console forwards rather than renders. */
    public static boolean forwarded(String path) {
        return path.equals("/api/v1") || path.startsWith("/api/v1/") || path.equals("/.well-known/jwks.json");
    }

    /** The owner of a forwarded path; empty for a path the console does not forward. */
    public static Optional<Service> ownerOf(String path) {
        if (path == null || !forwarded(path)) {
            return Optional.empty();
        }
        if (under(path, "/api/v1/jobs") || POINT_VERIFY.matcher(path).matches()) {
            return Optional.of(Service.JOB);
        }
        if (under(path, "/api/v1/recovery-points") || under(path, "/api/v1/retention")
                || INSTANCE_POINTS.matcher(path).matches() || VAULT_IMPACT.matcher(path).matches()) {
            return Optional.of(Service.RETENTION);
        }
        return Optional.of(Service.INSTANCE);
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/") || path.startsWith(prefix + "?");
    }
}
