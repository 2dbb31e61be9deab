package io.pgvault.instance.protection;

import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.instance.config.InstanceConfig;
import io.pgvault.platform.net.HostList;
import io.pgvault.platform.problem.Problem;
import io.pgvault.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * The servers a restore may write into and the servers a backup may read: a restore into a database goes
 * to the instance's own host or to a host of {@code pgvault.instance.restore.allowed-targets}, so a
 * restore request cannot point job-service (and the credentials it holds) at any server it likes; a
 * protected server is not a Unix-domain socket path unless {@code pgvault.instance.allow-unix-socket-sources}.
 */
@ApplicationScoped
public class AllowedServers {

    static final String ALLOWED_TARGETS = "pgvault.instance.restore.allowed-targets";
    static final String UNIX_SOCKETS = "pgvault.instance.allow-unix-socket-sources";

    private final HostList allowed;
    private final boolean sourceHostAllowed;
    private final boolean unixSocketSources;

    public AllowedServers(InstanceConfig config) {
        try {
            this.allowed = HostList.of(config.restore().allowedTargets().orElse(List.of()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ALLOWED_TARGETS + ": " + e.getMessage(), e);
        }
        this.sourceHostAllowed = config.restore().allowSourceHost();
        this.unixSocketSources = config.allowUnixSocketSources();
    }

    /**
     * Refuses a restore into a database on a server that is not allowed: a 400 naming {@code target.host} and
     * the setting. Files are written under job-service's restore root, which has its own rule.
     */
    public void check(BackupInstance instance, RestoreTarget target) {
        if (target.type() != RestoreTarget.Type.DATABASE) {
            return;
        }
        boolean ownHost = sourceHostAllowed && HostList.sameHost(instance.host, target.host());
        if (ownHost || allowed.contains(target.host())) {
            return;
        }
        String message = "is not an allowed restore target: a restore goes to the instance's own host"
                + (sourceHostAllowed ? " (" + instance.host + ")" : " (not allowed here)") + " or a host of "
                + ALLOWED_TARGETS + " (env PGVAULT_RESTORE_ALLOWED_TARGETS: "
                + (allowed.entries().isEmpty() ? "none" : allowed) + "); ask the operator to add " + target.host()
                + " or its CIDR block there";
        throw new ProblemException(400, "Invalid request", "target.host: " + message,
                List.of(new Problem.FieldError("target.host", message)), Map.of("setting", ALLOWED_TARGETS));
    }

    /** Refuses a server given as a Unix-domain socket path, unless the setting allows it: a 400 naming {@code datasource.host}. */
    public void checkSource(String host) {
        if (HostList.isSocketPath(host) && !unixSocketSources) {
            String message = "is a Unix-domain socket path; name the server by host name or address, or ask the"
                    + " operator to set " + UNIX_SOCKETS + "=true";
            throw new ProblemException(400, "Invalid request", "datasource.host: " + message,
                    List.of(new Problem.FieldError("datasource.host", message)), Map.of("setting", UNIX_SOCKETS));
        }
    }
}
