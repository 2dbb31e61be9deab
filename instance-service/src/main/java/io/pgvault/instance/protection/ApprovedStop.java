package io.pgvault.instance.protection;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved stop with DELETE_DATA (multi-user authorization). */
@ApplicationScoped
public class ApprovedStop implements ApprovedOperation {

    private final InstanceService instances;

    public ApprovedStop(InstanceService instances) {
        this.instances = instances;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.STOP_PROTECTION_DELETE_DATA;
    }

    @Override
    public Uni<Void> check(PendingOperation op) {
        return instances.checkImmutability(op.instanceId, "stop-protection with DELETE_DATA");
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return instances.approvedStop(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return instances.recordPending(op, step, actor);
    }
}
