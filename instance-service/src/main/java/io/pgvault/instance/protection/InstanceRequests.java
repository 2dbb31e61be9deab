package io.pgvault.instance.protection;

import io.pgvault.platform.validation.MaxBytes;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Null;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/** Request bodies of the backup-instance API. */
public final class InstanceRequests {

    static final String NO_PASSWORD = "must not be sent: credentials are resolved where backups run"
            + " (a libpq password file or a per-instance secret file)";

    /** Most databases one instance backs up by name; a server with more is protected whole (no list). */
    public static final int MAX_DATABASES = 500;

    /** Longest free text (comments of an action), in characters. */
    public static final int MAX_COMMENTS = 2000;

    private InstanceRequests() {}

    /**
     * Protect a server.
     *
     * @param name       unique name of the backup instance
     * @param datasource how to reach the server
     * @param policyId   the backup policy
     */
    public record Protect(
            @NotBlank @Size(max = 100) String name,
            @NotNull @Valid DatasourceRequest datasource,
            @NotNull UUID policyId) {}

    /**
     * How to reach a PostgreSQL server; a password is refused.
     *
     * @param host      host name or address
     * @param port      TCP port
     * @param username  role to connect as
     * @param databases databases to back up; omitted = every database that allows connections
     * @param sslMode   libpq sslmode
     * @param password  never accepted
     */
    public record DatasourceRequest(
            @NotBlank @Size(max = 255) String host,
            @NotNull @Min(1) @Max(65535) Integer port,
            @NotBlank @MaxBytes(MaxBytes.IDENTIFIER) String username,
            @Size(max = MAX_DATABASES) List<@NotBlank @MaxBytes(MaxBytes.IDENTIFIER) String> databases,
            @Pattern(regexp = "disable|allow|prefer|require|verify-ca|verify-full",
                    message = "must be one of disable, allow, prefer, require, verify-ca, verify-full") String sslMode,
            @Null(message = NO_PASSWORD) String password) {}

    /**
     * Assign another policy.
     *
     * @param policyId the new policy
     */
    public record ChangePolicy(@NotNull UUID policyId) {}

    /**
     * Restore a recovery point.
     *
     * @param recoveryPointId a live point of this instance
     * @param target          where to
     */
    public record Restore(@NotNull UUID recoveryPointId, @NotNull @Valid Target target) {}

    /**
     * A restore target: {@code FILES} with a directory name under job-service's restore root, or
     * {@code DATABASE} with a new database on a target server: the instance's own host or one the operator
     * allows ({@code pgvault.instance.restore.allowed-targets}), reached with a credential of its own that
     * job-service holds ({@code targets/<host>_<port>_<username>.password}), never the source's.
     *
     * @param type           FILES or DATABASE
     * @param directory      FILES: a directory name (letters, digits, dot, dash, underscore)
     * @param host           DATABASE: target server host
     * @param port           DATABASE: target server port
     * @param username       DATABASE: role to connect as
     * @param database       DATABASE: the new database
     * @param includeGlobals DATABASE: also restore roles and tablespaces
     * @param sslMode        DATABASE: TLS the target must use, {@code require} or {@code verify-full}
     *                       (passed to libpq); omitted = libpq's default
     * @param keepEncrypted  FILES: write the artifacts encrypted, as stored, for {@code pgvault decrypt};
     *                       omitted = decrypted
     * @param password       never accepted
     */
    public record Target(
            @NotNull @Pattern(regexp = "FILES|DATABASE", message = "must be FILES or DATABASE") String type,
            @Pattern(regexp = "[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}",
                    message = "must be a directory name (letters, digits, '.', '-', '_'; no path, not starting with '.')")
            String directory,
            @Size(max = 255) String host,
            @Min(1) @Max(65535) Integer port,
            @MaxBytes(MaxBytes.IDENTIFIER) String username,
            @MaxBytes(MaxBytes.IDENTIFIER) String database,
            Boolean includeGlobals,
            @Pattern(regexp = "require|verify-full", message = "must be require or verify-full") String sslMode,
            Boolean keepEncrypted,
            @Null(message = NO_PASSWORD) String password) {}

    /**
     * Stop protection.
     *
     * @param mode        RETAIN_FOREVER, RETAIN_AS_PER_POLICY or DELETE_DATA
     * @param reason      one of {@link StopReason}
     * @param comments    free text
     * @param confirmName DELETE_DATA only: the instance's name, typed by the user
     */
    public record StopProtection(
            @NotNull @Size(max = 32) String mode,
            @NotNull @Size(max = 32) String reason,
            @Size(max = MAX_COMMENTS) String comments,
            @Size(max = 100) String confirmName) {}

    /**
     * Resume protection; the body is optional.
     *
     * @param comments free text for the activity log
     */
    public record ResumeProtection(@Size(max = MAX_COMMENTS) String comments) {}

    /**
     * Delete the instance.
     *
     * @param confirmName the instance's name, typed by the user
     * @param reason      one of {@link StopReason}
     * @param comments    free text
     */
    public record Delete(@NotNull @Size(max = 100) String confirmName, @NotNull @Size(max = 32) String reason,
            @Size(max = MAX_COMMENTS) String comments) {}
}
