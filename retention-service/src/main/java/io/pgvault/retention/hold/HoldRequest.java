package io.pgvault.retention.hold;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A request for a restore hold.
 *
 * @param kind         must be RESTORE (pins and stop holds have their own endpoints and commands)
 * @param owner        the holder, e.g. the restore job's id; taking a hold twice with one owner renews it
 * @param instanceId   the instance the caller believes the point belongs to
 * @param leaseSeconds lease length; the holder renews before it ends (default 300)
 * @param onBehalfOf   the user who asked for the restore (the job's {@code requestedBy}); optional
 */
public record HoldRequest(
        @NotNull HoldKind kind,
        @NotBlank @Size(max = 200) String owner,
        @NotNull UUID instanceId,
        @Min(1) @Max(86_400) Integer leaseSeconds,
        @Size(max = 200) String onBehalfOf) {
}
