package io.pgvault.retention.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.contracts.retention.RecoveryPointCreated;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.retention.support.Vault;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A deleted instance during and after its grace period: undeleted whole, or purged whole. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class InstanceUndeleteTest extends RetentionTestBase {

    /** SHA-256 of every file of a point's directory, by name. */
    private Map<String, String> checksums(UUID instance, UUID point) throws Exception {
        Map<String, String> sums = new LinkedHashMap<>();
        Path dir = store.directoryOf(instance, point);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                sums.put(f.getFileName().toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
            }
        }
        return sums;
    }

    @Test
    void anInstanceUndeletedWithinTheGracePeriodHasEveryPointLiveAndRestorableAgainIdenticalByChecksum()
            throws Exception {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.daily());
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.policy("year", 1, "P1Y"));
        Map<String, String> before1 = checksums(instance, p1);
        Map<String, String> before2 = checksums(instance, p2);

        Backups.send(new InstanceDeleted(UUID.randomUUID(), instance, CLOCK.instant(), "db-1", "NO_LONGER_NEEDED", null));
        Backups.awaitState(p1, "DELETED");
        Backups.awaitState(p2, "DELETED");
        CLOCK.advance(Duration.ofDays(13));
        sweep();

        Backups.send(new InstanceUndeleted(UUID.randomUUID(), instance, CLOCK.instant(), "db-1", "test-admin"));
        Backups.awaitState(p1, "LIVE");
        Backups.awaitState(p2, "LIVE");
        assertThat(checksums(instance, p1)).isEqualTo(before1);
        assertThat(checksums(instance, p2)).isEqualTo(before2);
        for (UUID p : List.of(p1, p2)) {
            asService().get("/api/v1/recovery-points/{id}/restore-check", p).then().statusCode(200)
                    .body("state", equalTo("LIVE"));
            given().get("/api/v1/recovery-points/{id}", p).then()
                    .body("holds.kind", equalTo(List.of("RETAIN_FOREVER")))
                    .body("holds[0].createdBy", equalTo("test-admin"));
        }
        // two at birth, two at the undelete
        KafkaProbe.await(Topics.RETENTION_EVENTS, 4, Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                && EventTypes.typeOf(RecoveryPointCreated.class).equals(KafkaProbe.type(r)));

        // past the grace period nothing is purged: the instance is back, stopped with its points held
        CLOCK.advance(Duration.ofDays(30));
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("LIVE");
        assertThat(Backups.state(p2)).isEqualTo("LIVE");
        assertThat(Vault.deletionPurged(instance)).isFalse();
    }

    @Test
    void anInstanceLeftDeletedPastTheGracePeriodIsPurgedWholeAndCannotComeBack() throws IOException {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID p1 = Backups.backup(root(), instance, t0, Backups.policy("year", 1, "P1Y"));
        UUID p2 = Backups.backup(root(), instance, t0.plusSeconds(60), Backups.policy("year", 1, "P1Y"));
        Backups.send(new InstanceDeleted(UUID.randomUUID(), instance, CLOCK.instant(), "db-2", "NO_LONGER_NEEDED", null));
        Backups.awaitState(p2, "DELETED");

        CLOCK.advance(Duration.ofDays(14).plusSeconds(1));
        sweep();
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("PURGED");
        assertThat(Backups.state(p2)).isEqualTo("PURGED");
        assertThat(store.directoryOf(instance, p1)).doesNotExist();
        KafkaProbe.await(Topics.RETENTION_EVENTS, 1, Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                && EventTypes.typeOf(InstanceDataPurged.class).equals(KafkaProbe.type(r)));

        InstanceUndeleted late = new InstanceUndeleted(UUID.randomUUID(), instance, CLOCK.instant(), "db-2", "test-admin");
        Backups.send(late);
        Vault.awaitProcessed(late.eventId());
        sweep();
        assertThat(Backups.state(p1)).isEqualTo("PURGED");
        assertThat(Backups.state(p2)).isEqualTo("PURGED");
    }
}
