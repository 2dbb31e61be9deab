package io.pgvault.instance.protection;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved purge of a deleted backup instance before its grace period ends (multi-user authorization). */
@ApplicationScoped
public class ApprovedInstancePurge implements ApprovedOperation {

    private final InstanceService instances;

    public ApprovedInstancePurge(InstanceService instances) {
        this.instances = instances;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.PURGE_INSTANCE;
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return instances.approvedPurge(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return instances.recordPending(op, step, actor);
    }
}
