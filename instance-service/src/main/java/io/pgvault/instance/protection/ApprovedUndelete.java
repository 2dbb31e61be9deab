package io.pgvault.instance.protection;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved undelete of a deleted backup instance (multi-user authorization). */
@ApplicationScoped
public class ApprovedUndelete implements ApprovedOperation {

    private final InstanceService instances;

    public ApprovedUndelete(InstanceService instances) {
        this.instances = instances;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.UNDELETE_INSTANCE;
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return instances.approvedUndelete(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return instances.recordPending(op, step, actor);
    }
}
