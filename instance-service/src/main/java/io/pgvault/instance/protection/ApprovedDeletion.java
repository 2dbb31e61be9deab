package io.pgvault.instance.protection;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved deletion of a backup instance (multi-user authorization). */
@ApplicationScoped
public class ApprovedDeletion implements ApprovedOperation {

    private final InstanceService instances;

    public ApprovedDeletion(InstanceService instances) {
        this.instances = instances;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.DELETE_INSTANCE;
    }

    @Override
    public Uni<Void> check(PendingOperation op) {
        return instances.checkImmutability(op.instanceId, "deleting the instance");
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return instances.approvedDelete(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return instances.recordPending(op, step, actor);
    }
}
