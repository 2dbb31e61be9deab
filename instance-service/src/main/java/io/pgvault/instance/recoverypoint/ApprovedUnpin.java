package io.pgvault.instance.recoverypoint;

import io.pgvault.instance.approval.ApprovedOperation;
import io.pgvault.instance.approval.PendingOperation;
import io.pgvault.instance.approval.ProtectedOperation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** An approved removing a recovery point's pins (multi-user authorization). */
@ApplicationScoped
public class ApprovedUnpin implements ApprovedOperation {

    private final PointOperations points;

    public ApprovedUnpin(PointOperations points) {
        this.points = points;
    }

    @Override
    public ProtectedOperation operation() {
        return ProtectedOperation.UNPIN_RECOVERY_POINT;
    }

    @Override
    public Uni<Void> check(PendingOperation op) {
        return points.check(op);
    }

    @Override
    public Uni<Void> approved(PendingOperation op, String approver) {
        return points.approved(op, approver);
    }

    @Override
    public Uni<Void> record(PendingOperation op, String step, String actor) {
        return points.record(op, step, actor);
    }
}
