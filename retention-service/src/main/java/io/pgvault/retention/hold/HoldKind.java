package io.pgvault.retention.hold;

/** Why a hold keeps a recovery point. Any active hold keeps a point, whatever its expiry. */
public enum HoldKind {
    /** Protection stopped with RETAIN_FOREVER: every point of the instance is kept until resume. */
    RETAIN_FOREVER,
    /** Protection stopped with RETAIN_AS_PER_POLICY: the newest point is kept until resume. */
    LATEST,
    /** A user pinned the point (or undeleted it): kept until unpinned. */
    PIN,
    /** A restore is reading the point; leased, renewed by its holder, released when done. */
    RESTORE
}
