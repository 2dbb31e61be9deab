package io.pgvault.testinfra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The access table, and the same table in scripts/lib.sh (which infra-up and docker-compose use). */
class KafkaAccessTest {

    @Test
    void eachServiceWritesItsOwnTopicAndTheDeadLetterTopicsOfWhatItReads() {
        assertThat(KafkaAccess.writes("instance-service"))
                .containsExactly(Topics.INSTANCE_COMMANDS, Topics.dlq(Topics.JOB_EVENTS), Topics.dlq(Topics.RETENTION_EVENTS));
        assertThat(KafkaAccess.writes("job-service"))
                .containsExactly(Topics.JOB_EVENTS, Topics.dlq(Topics.INSTANCE_COMMANDS), Topics.dlq(Topics.RETENTION_EVENTS));
        assertThat(KafkaAccess.writes("retention-service"))
                .containsExactly(Topics.RETENTION_EVENTS, Topics.dlq(Topics.INSTANCE_COMMANDS), Topics.dlq(Topics.JOB_EVENTS));
    }

    @Test
    void eachServiceReadsTheDeadLettersOfItsOwnTopicToReplayThemAndNoOtherDeadLetters() {
        for (String service : KafkaAccess.services()) {
            String own = KafkaAccess.writes(service).get(0);
            assertThat(KafkaAccess.reads(service).stream().filter(t -> t.endsWith(".dlq")).toList()).as(service)
                    .containsExactly(Topics.dlq(own));
        }
    }

    @Test
    void everyTopicHasExactlyOneWriterAndEveryOtherServiceReadsIt() {
        for (String topic : Topics.ALL) {
            List<String> writers = KafkaAccess.services().stream().filter(s -> KafkaAccess.writes(s).contains(topic)).toList();
            List<String> readers = KafkaAccess.services().stream().filter(s -> KafkaAccess.reads(s).contains(topic)).toList();
            assertThat(writers).as(topic).hasSize(1);
            assertThat(readers).as(topic).doesNotContainAnyElementsOf(writers).hasSize(KafkaAccess.services().size() - 1);
        }
    }

    @Test
    void noAclGoesToTheAdminOrBeyondTopicsAndOwnGroups() {
        assertThat(KafkaAccess.bindings()).allSatisfy(b -> {
            String principal = b.entry().principal().substring("User:".length());
            assertThat(principal).isIn(KafkaAccess.services());
            if (b.pattern().resourceType() == ResourceType.GROUP) {
                assertThat(b.pattern().name()).isEqualTo(principal);
                assertThat(b.entry().operation()).isEqualTo(AclOperation.READ);
            } else {
                assertThat(b.pattern().resourceType()).isEqualTo(ResourceType.TOPIC);
                assertThat(b.entry().operation()).isIn(AclOperation.READ, AclOperation.WRITE);
            }
        });
    }

    @Test
    void theScriptsGrantTheSameAsThisTable() throws Exception {
        Path lib = Path.of(System.getProperty("pgvault.root", "..")).resolve("scripts/lib.sh");
        assertThat(lib).isRegularFile();
        Process bash = new ProcessBuilder("bash", "-c",
                "source \"$0\" && printf '%s\\n' \"$KAFKA_ADMIN\" \"$KAFKA_MECHANISM\" && for s in \"${SERVICES[@]}\"; do"
                        + " printf '%s|%s|%s\\n' \"$s\" \"${KAFKA_WRITES[$s]}\" \"${KAFKA_READS[$s]}\"; done",
                lib.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as(out).isZero();

        List<String> expected = new ArrayList<>(List.of(KafkaAccess.ADMIN, KafkaAccess.MECHANISM));
        for (String service : KafkaAccess.services()) {
            expected.add(service + "|" + String.join(" ", KafkaAccess.writes(service)) + "|"
                    + String.join(" ", KafkaAccess.reads(service)));
        }
        assertThat(out.lines().toList()).containsExactlyElementsOf(expected);
    }
}
