package io.pgvault.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTypesTest {

    /** Every message, by topic: the contract as DESIGN.md states it. */
    private static final Map<String, List<Class<? extends Event>>> EXPECTED = Map.of(
            Topics.INSTANCE_COMMANDS, List.of(BackupRequested.class, RestoreRequested.class, PolicyChanged.class,
                    ProtectionStopped.class, ProtectionResumed.class, InstanceDeleted.class,
                    VaultSettingsChanged.class, InstanceUndeleted.class, PinRemovalApproved.class, PurgeRequested.class,
                    VerifyRequested.class),
            Topics.JOB_EVENTS, List.of(JobStarted.class, JobSucceeded.class, JobFailed.class,
                    VerificationCompleted.class),
            Topics.RETENTION_EVENTS, List.of(RecoveryPointCreated.class, RecoveryPointDeleted.class,
                    InstanceDataPurged.class));

    private record Unregistered(UUID eventId, UUID instanceId, Instant occurredAt) implements Event {
    }

    @Test
    void registersExactlyTheExpectedMessagesOnTheirTopics() {
        for (String topic : Topics.ALL) {
            assertThat(EventTypes.onTopic(topic)).as(topic).containsExactlyElementsOf(EXPECTED.get(topic));
            for (Class<? extends Event> type : EXPECTED.get(topic)) {
                assertThat(EventTypes.topicOf(type)).as(type.getSimpleName()).isEqualTo(topic);
            }
        }
        assertThat(EventTypes.all()).hasSize(EXPECTED.values().stream().mapToInt(List::size).sum());
        assertThat(EventTypes.onTopic("no-such-topic")).isEmpty();
    }

    @Test
    void typeStringsMapBackToTheirClass() {
        for (Class<? extends Event> type : EventTypes.all()) {
            String name = EventTypes.typeOf(type);
            assertThat(name).isEqualTo("io.pgvault." + type.getSimpleName());
            assertThat(EventTypes.classOf(name)).contains(type);
        }
        assertThat(EventTypes.typeOf(BackupRequested.class)).isEqualTo("io.pgvault.BackupRequested");
    }

    @Test
    void rejectsUnknownTypes() {
        assertThat(EventTypes.classOf("io.pgvault.NoSuchEvent")).isEmpty();
        assertThat(EventTypes.classOf(null)).isEmpty();
        assertThatThrownBy(() -> EventTypes.typeOf(Unregistered.class)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventTypes.topicOf(Unregistered.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCompiledMessageRecordIsRegistered() throws Exception {
        List<Class<?>> found = new ArrayList<>();
        for (String pkg : List.of("instance", "job", "retention")) {
            for (String className : classNames("io.pgvault.contracts." + pkg)) {
                Class<?> type = Class.forName(className);
                if (type.isRecord()) {
                    found.add(type);
                }
            }
        }
        assertThat(found).isNotEmpty().allSatisfy(type -> assertThat(Event.class).isAssignableFrom(type));
        assertThat(List.<Class<?>>copyOf(EventTypes.all())).containsExactlyInAnyOrderElementsOf(found);
    }

    @Test
    void topics() {
        assertThat(Topics.ALL).containsExactly("instance-commands", "job-events", "retention-events");
        assertThat(Topics.dlq(Topics.JOB_EVENTS)).isEqualTo("job-events.dlq");
        assertThat(Topics.PARTITIONS).isEqualTo(3);
    }

    @Test
    void cloudEventHeaders() {
        assertThat(List.of(CloudEventHeaders.ID, CloudEventHeaders.TYPE, CloudEventHeaders.SOURCE,
                CloudEventHeaders.SPECVERSION, CloudEventHeaders.TIME, CloudEventHeaders.CONTENT_TYPE))
                .containsExactly("ce_id", "ce_type", "ce_source", "ce_specversion", "ce_time", "content-type");
        assertThat(CloudEventHeaders.SPEC_VERSION).isEqualTo("1.0");
    }

    /** Top-level classes compiled into a package directory (tests run from target/classes). */
    private static List<String> classNames(String pkg) throws URISyntaxException {
        URL dir = EventTypes.class.getClassLoader().getResource(pkg.replace('.', '/'));
        assertThat(dir).as(pkg).isNotNull();
        assertThat(dir.getProtocol()).isEqualTo("file");
        List<String> names = new ArrayList<>();
        for (String file : new File(dir.toURI()).list()) {
            if (file.endsWith(".class") && !file.contains("$") && !file.equals("package-info.class")) {
                names.add(pkg + "." + file.substring(0, file.length() - ".class".length()));
            }
        }
        return names;
    }
}
