package io.pgvault.contracts.common;

/** The retention class of a recovery point, which decides how long it is kept. */
public enum RetentionTag {
    /** A point no tagged rule claimed; kept for the policy's default retention. */
    DEFAULT,
    /** The first point of a week in the policy's time zone. */
    WEEKLY,
    /** The first point of a month in the policy's time zone. */
    MONTHLY,
    /** The first point of a year in the policy's time zone. */
    YEARLY
}
