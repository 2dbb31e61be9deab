package io.pgvault.instance.identity;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved change of a user's roles (multi-user authorization). */
@ApplicationScoped
public class ApprovedRoleChange implements ApprovedOperation {

    private final UserService users;

    public ApprovedRoleChange(UserService users) {
        this.users = users;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.CHANGE_USER_ROLES;
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return users.approvedRoles(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return users.recordPending(op, step, actor);
    }
}
