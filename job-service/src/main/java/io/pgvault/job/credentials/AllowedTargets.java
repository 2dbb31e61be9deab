package io.pgvault.job.credentials;

import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.config.JobConfig;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.platform.net.HostList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The servers a restore may write into: the hosts and CIDR blocks of
 * {@code pgvault.job.restore.allowed-targets}, and the source's own host unless
 * {@code pgvault.job.restore.allow-source-host=false}. instance-service refuses other targets before
 * a job exists; this is job-service's own check of the same rule, with its own copy of the setting, for
 * a command that slipped through (an older instance-service, settings that differ, a hand-made message).
 */
@ApplicationScoped
public class AllowedTargets {

    static final String SETTING = "pgvault.job.restore.allowed-targets";

    private final HostList allowed;
    private final boolean sourceHostAllowed;

    @Inject
    public AllowedTargets(JobConfig config) {
        this(config.restore().allowedTargets().orElse(List.of()), config.restore().allowSourceHost());
    }

    /**
     * @throws IllegalArgumentException naming the setting, for an entry that is no host, address or CIDR block
     */
    public AllowedTargets(List<String> allowedTargets, boolean sourceHostAllowed) {
        try {
            this.allowed = HostList.of(allowedTargets);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SETTING + ": " + e.getMessage(), e);
        }
        this.sourceHostAllowed = sourceHostAllowed;
    }

    /**
     * Checks a restore into a database: its target is allowed and its {@code sslMode}, if any, is one a
     * target may require.
     *
     * @throws JobFailure TARGET_NOT_ALLOWED otherwise
     */
    public void check(RestoreRequested command) {
        RestoreTarget target = command.target();
        boolean sameAsSource = sourceHostAllowed && command.source() != null
                && HostList.sameHost(command.source().host(), target.host());
        if (!sameAsSource && !allowed.contains(target.host())) {
            throw new JobFailure(ErrorCode.TARGET_NOT_ALLOWED.error("restore target " + target.host() + ":"
                    + target.port() + " is not an allowed restore target of job-service (" + SETTING + ": "
                    + (allowed.entries().isEmpty() ? "none" : allowed) + (sourceHostAllowed
                            ? ", and the source's own host" : "") + ")"));
        }
        if (target.sslMode() != null && !RestoreTarget.SSL_MODES.contains(target.sslMode())) {
            throw new JobFailure(ErrorCode.TARGET_NOT_ALLOWED.error("restore target " + target.host() + ":"
                    + target.port() + " asks for sslMode '" + target.sslMode() + "'; a target may require "
                    + String.join(" or ", RestoreTarget.SSL_MODES)));
        }
    }
}
