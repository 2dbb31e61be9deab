package io.pgvault.instance.approval;

import io.smallrye.mutiny.Uni;

/**
 * What the feature that owns a protected operation does when one is approved; one bean per
 * {@link ProtectedOperation}. The approval calls {@link #check} outside its transaction (e.g. asking
 * retention-service), then {@link #approved} and {@link #record} in it.
 */
public interface ApprovedOperation {

    /** The operation this bean carries out. */
    ProtectedOperation operation();

    /** Checks that may ask another service, before the approval's transaction; fails (409 …) to refuse it. */
    default Uni<Void> check(PendingOperation pending) {
        return Uni.createFrom().voidItem();
    }

    /**
     * Re-checks the state (409 with nothing changed when it changed since the request) and acts as the original
     * request would have: the change, its command (id {@link PendingOperation#commandEventId}) to the outbox, and
     * its activity entry with both actors.
     */
    Uni<Void> approved(PendingOperation pending, String approver);

    /** Writes a step of the pending operation (REQUESTED, REJECTED, WITHDRAWN, EXPIRED) to the feature's activity log. */
    Uni<Void> record(PendingOperation pending, String step, String actor);
}
