package io.pgvault.contracts;

import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.instance.PinRemovalApproved;
import io.pgvault.contracts.instance.PolicyChanged;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.contracts.instance.ProtectionStopped;
import io.pgvault.contracts.instance.PurgeRequested;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.pgvault.contracts.instance.VerifyRequested;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.job.JobStarted;
import io.pgvault.contracts.job.JobSucceeded;
import io.pgvault.contracts.job.VerificationCompleted;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of message types: which record travels on which topic under which CloudEvents type.
 * One explicit table; a new message record must be added here.
 */
public final class EventTypes {

    /** Prefix of every CloudEvents type string; the record's simple name follows it. */
    public static final String TYPE_PREFIX = "io.pgvault.";

    private record Entry(Class<? extends Event> type, String name, String topic) {
    }

    private static final Map<Class<? extends Event>, Entry> BY_CLASS = new LinkedHashMap<>();
    private static final Map<String, Entry> BY_TYPE = new LinkedHashMap<>();

    static {
        register(BackupRequested.class, Topics.INSTANCE_COMMANDS);
        register(RestoreRequested.class, Topics.INSTANCE_COMMANDS);
        register(PolicyChanged.class, Topics.INSTANCE_COMMANDS);
        register(ProtectionStopped.class, Topics.INSTANCE_COMMANDS);
        register(ProtectionResumed.class, Topics.INSTANCE_COMMANDS);
        register(InstanceDeleted.class, Topics.INSTANCE_COMMANDS);
        register(VaultSettingsChanged.class, Topics.INSTANCE_COMMANDS);
        register(InstanceUndeleted.class, Topics.INSTANCE_COMMANDS);
        register(PinRemovalApproved.class, Topics.INSTANCE_COMMANDS);
        register(PurgeRequested.class, Topics.INSTANCE_COMMANDS);
        register(VerifyRequested.class, Topics.INSTANCE_COMMANDS);

        register(JobStarted.class, Topics.JOB_EVENTS);
        register(JobSucceeded.class, Topics.JOB_EVENTS);
        register(JobFailed.class, Topics.JOB_EVENTS);
        register(VerificationCompleted.class, Topics.JOB_EVENTS);

        register(RecoveryPointCreated.class, Topics.RETENTION_EVENTS);
        register(RecoveryPointDeleted.class, Topics.RETENTION_EVENTS);
        register(InstanceDataPurged.class, Topics.RETENTION_EVENTS);
    }

    private EventTypes() {
    }

    private static void register(Class<? extends Event> type, String topic) {
        Entry entry = new Entry(type, TYPE_PREFIX + type.getSimpleName(), topic);
        if (BY_CLASS.put(type, entry) != null || BY_TYPE.put(entry.name(), entry) != null) {
            throw new IllegalStateException("Registered twice: " + entry.name());
        }
    }

    private static Entry entry(Class<? extends Event> type) {
        Entry entry = BY_CLASS.get(type);
        if (entry == null) {
            throw new IllegalArgumentException("Not a registered event type: " + type.getName());
        }
        return entry;
    }

    /**
     * The CloudEvents type of a message class.
     *
     * @param type a registered message class
     * @return {@code "io.pgvault." + type.getSimpleName()}, e.g. {@code io.pgvault.BackupRequested}
     * @throws IllegalArgumentException if the class is not registered
     */
    public static String typeOf(Class<? extends Event> type) {
        return entry(type).name();
    }

    /**
     * The message class of a CloudEvents type.
     *
     * @param type a {@code ce_type} header value
     * @return the class, or empty if the type is unknown (e.g. sent by a newer producer)
     */
    public static Optional<Class<? extends Event>> classOf(String type) {
        return Optional.ofNullable(BY_TYPE.get(type)).map(Entry::type);
    }

    /**
     * The topic a message class travels on.
     *
     * @param type a registered message class
     * @return one of {@link Topics#ALL}
     * @throws IllegalArgumentException if the class is not registered
     */
    public static String topicOf(Class<? extends Event> type) {
        return entry(type).topic();
    }

    /**
     * The message classes that travel on a topic, in registration order.
     *
     * @param topic a topic name
     * @return the classes; empty for an unknown topic
     */
    public static List<Class<? extends Event>> onTopic(String topic) {
        List<Class<? extends Event>> types = new ArrayList<>();
        for (Entry entry : BY_CLASS.values()) {
            if (entry.topic().equals(topic)) {
                types.add(entry.type());
            }
        }
        return Collections.unmodifiableList(types);
    }

    /**
     * Every registered message class, in registration order.
     *
     * @return the classes
     */
    public static List<Class<? extends Event>> all() {
        return List.copyOf(BY_CLASS.keySet());
    }
}
