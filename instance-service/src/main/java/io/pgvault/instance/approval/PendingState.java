package io.pgvault.instance.approval;

/** Where a pending operation is; every state but PENDING is final. */
public enum PendingState {
    /** Waits for an approver, until it expires. */
    PENDING,
    /** Approved by a backup-approver other than the requester: it acted, its command was published. */
    APPROVED,
    /** Rejected by a backup-approver: nothing happened. */
    REJECTED,
    /** Withdrawn by its requester: nothing happened. */
    WITHDRAWN,
    /** Nobody approved it in time: nothing happened. */
    EXPIRED
}
