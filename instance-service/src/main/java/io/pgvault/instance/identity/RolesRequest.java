package io.pgvault.instance.identity;

import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A user's new roles.
 *
 * @param roles one or more of backup-reader, backup-operator, backup-admin, backup-approver
 */
public record RolesRequest(@Size(max = 10) List<String> roles) {
}
