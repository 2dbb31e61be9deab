package io.pgvault.contracts;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding, binary content mode: the event
 * attributes travel as {@code ce_}-prefixed headers and the value is the JSON of the record.
 */
public final class CloudEventHeaders {

    /** Event id; the same value as {@link Event#eventId()}. */
    public static final String ID = "ce_id";

    /** Event type, e.g. {@code io.pgvault.BackupRequested}; see {@link EventTypes#typeOf(Class)}. */
    public static final String TYPE = "ce_type";

    /** Producer of the event, e.g. {@code /instance-service}. */
    public static final String SOURCE = "ce_source";

    /** CloudEvents specification version; always {@link #SPEC_VERSION}. */
    public static final String SPECVERSION = "ce_specversion";

    /** Time the fact happened (RFC 3339); the same value as {@link Event#occurredAt()}. */
    public static final String TIME = "ce_time";

    /** Media type of the value; always {@link #JSON}. */
    public static final String CONTENT_TYPE = "content-type";

    /** Value of the {@link #SPECVERSION} header. */
    public static final String SPEC_VERSION = "1.0";

    /** Value of the {@link #CONTENT_TYPE} header. */
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
