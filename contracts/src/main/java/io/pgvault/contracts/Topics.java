package io.pgvault.contracts;

import java.util.List;

/**
 * Kafka topic names. Every topic carries JSON values with CloudEvents headers (see
 * {@link CloudEventHeaders}) and is keyed by the backup instance id, so all messages of one instance
 * stay ordered on one partition.
 *
 * <p>The one source of the names: {@code scripts/lib.sh}, {@code docker-compose.yml} and the services'
 * channel configuration repeat them, and this module's {@code TopicNamesTest} fails the build, naming
 * the difference, when any of them names other topics.
 */
public final class Topics {

    /** Commands and facts about backup instances; producer instance-service. */
    public static final String INSTANCE_COMMANDS = "instance-commands";

    /** Job lifecycle events; producer job-service. */
    public static final String JOB_EVENTS = "job-events";

    /** Recovery point lifecycle events; producer retention-service. */
    public static final String RETENTION_EVENTS = "retention-events";

    /** The three topics, in the order above. */
    public static final List<String> ALL = List.of(INSTANCE_COMMANDS, JOB_EVENTS, RETENTION_EVENTS);

    /** Partition count of every topic, dead-letter topics included. */
    public static final int PARTITIONS = 3;

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {
    }

    /**
     * The dead-letter topic of a topic: where a consumer puts a message it cannot process.
     *
     * @param topic a topic name, e.g. {@link #JOB_EVENTS}
     * @return {@code topic + ".dlq"}
     */
    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
