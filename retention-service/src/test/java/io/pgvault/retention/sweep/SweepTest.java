package io.pgvault.retention.sweep;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.Trigger;
import io.pgvault.contracts.job.JobFailed;
import io.pgvault.contracts.retention.RecoveryPointDeleted;
import io.pgvault.retention.support.Backups;
import io.pgvault.retention.support.RetentionTestBase;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_retention"))
@QuarkusTestResource(AuthTestResource.class)
class SweepTest extends RetentionTestBase {

    private static List<RecoveryPointDeleted> deletedEvents(UUID instance) {
        return KafkaProbe.readAll(Topics.RETENTION_EVENTS, instance).stream()
                .filter(r -> EventTypes.typeOf(RecoveryPointDeleted.class).equals(KafkaProbe.type(r)))
                .map(SweepTest::read).toList();
    }

    private static RecoveryPointDeleted read(ConsumerRecord<String, String> r) {
        try {
            return Backups.JSON.readValue(r.value(), RecoveryPointDeleted.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitDeletedEvents(UUID instance, int count) {
        KafkaProbe.await(Topics.RETENTION_EVENTS, count, Duration.ofSeconds(20), r -> instance.toString().equals(r.key())
                && EventTypes.typeOf(RecoveryPointDeleted.class).equals(KafkaProbe.type(r)));
    }

    @Test
    void aScheduledSweepSkipsItsRunWhileAnotherReplicaSweepsAndRunsOnceThatOneEnds() throws Throwable {
        UUID instance = UUID.randomUUID();
        UUID old = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));
        // the other replica's sweep: its session holds the sweep's advisory lock
        try (Connection otherReplica = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_retention"),
                TestInfra.pgUser(), TestInfra.pgPassword()); Statement s = otherReplica.createStatement()) {
            s.execute("select pg_advisory_lock(" + SweepLock.KEY + ")");
            VertxContextSupport.subscribeAndAwait(() -> sweep.scheduled());
            assertThat(Backups.state(old)).as("swept while another replica sweeps").isEqualTo("LIVE");
            // the other replica's sweep ends: it unlocks, as SweepLock does. Closing the connection alone is not
            // enough here: PostgreSQL frees a session's advisory locks only when its backend has exited, which
            // happens after close() returns, so the next run could still find the lock taken.
            try (var unlocked = s.executeQuery("select pg_advisory_unlock(" + SweepLock.KEY + ")")) {
                assertThat(unlocked.next() && unlocked.getBoolean(1)).as("the other replica held the lock").isTrue();
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> sweep.scheduled());
        assertThat(Backups.state(old)).isEqualTo("DELETED");
        // the run released the lock at its end: the next run gets it again
        UUID second = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));
        VertxContextSupport.subscribeAndAwait(() -> sweep.scheduled());
        assertThat(Backups.state(second)).isEqualTo("DELETED");
    }

    @Test
    void theFloorKeepsTheLastGoodPointThroughARunOfFailedBackups() {
        UUID instance = UUID.randomUUID();
        UUID last = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        for (int day = 1; day <= 5; day++) {
            Backups.send(new JobFailed(UUID.randomUUID(), instance, CLOCK.advance(Duration.ofDays(1)),
                    UUID.randomUUID(), Operation.BACKUP, Trigger.SCHEDULED, "CONNECTION_REFUSED", "refused",
                    "check the server"));
        }
        sweep();
        given().get("/api/v1/recovery-points/{id}", last).then()
                .body("state", equalTo("LIVE"))
                .body("explanation.verdict", equalTo("KEPT"))
                .body("explanation.floor.protectedByFloor", equalTo(true));

        UUID next = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        sweep();
        assertThat(Backups.state(last)).isEqualTo("DELETED");
        assertThat(Backups.state(next)).isEqualTo("LIVE");
    }

    @Test
    void aSweptPointKeepsItsFilesUntilTheGracePeriodEndsAndCanBeUndeletedUntilThen() {
        UUID instance = UUID.randomUUID();
        UUID old = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));
        sweep();

        given().get("/api/v1/recovery-points/{id}", old).then()
                .body("state", equalTo("DELETED"))
                .body("deleteReason", equalTo("EXPIRED"))
                .body("explanation.verdict", equalTo("DELETED"));
        assertThat(filesExist(instance, old)).isTrue();
        awaitDeletedEvents(instance, 1);
        RecoveryPointDeleted event = deletedEvents(instance).get(0);
        assertThat(event.recoveryPointId()).isEqualTo(old);
        assertThat(event.reason()).isEqualTo("EXPIRED");
        assertThat(event.livePoints()).isEqualTo(1);

        given().post("/api/v1/recovery-points/{id}/undelete", old).then().statusCode(200)
                .body("state", equalTo("LIVE"))
                .body("holds", hasSize(1)).body("holds[0].kind", equalTo("PIN")).body("holds[0].owner", equalTo("undelete"))
                .body("holds[0].createdBy", equalTo(ADMIN));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("LIVE");

        given().delete("/api/v1/recovery-points/{id}/pin", old).then().statusCode(200);
        sweep();
        assertThat(Backups.state(old)).isEqualTo("DELETED");
        CLOCK.advance(Duration.ofDays(14).plusSeconds(1));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("PURGED");
        assertThat(store.directoryOf(instance, old)).doesNotExist();
        given().post("/api/v1/recovery-points/{id}/undelete", old).then().statusCode(409)
                .contentType("application/problem+json").body("currentState", equalTo("PURGED"));
    }

    /** Makes a file undeletable (as root: immutable; otherwise: a read-only directory); false if impossible here. */
    private static boolean lock(java.nio.file.Path file, boolean locked) throws Exception {
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("chattr", locked ? "+i" : "-i", file.toString()).inheritIO().start();
            return p.waitFor() == 0;
        }
        return file.getParent().toFile().setWritable(!locked);
    }

    @Test
    void aStoreErrorLeavesThePointDeletedAndTheNextRunPurgesIt() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID old = Backups.backup(root(), instance, CLOCK.instant(), Backups.daily());
        Backups.backup(root(), instance, CLOCK.instant().plusSeconds(1), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));
        sweep();
        assertThat(Backups.state(old)).isEqualTo("DELETED");
        java.nio.file.Path dump = store.directoryOf(instance, old).resolve("db-1.dump");
        org.junit.jupiter.api.Assumptions.assumeTrue(lock(dump, true), "cannot make a file undeletable here");
        try {
            CLOCK.advance(Duration.ofDays(15));
            SweepReport failed = sweep();
            assertThat(failed.purgeFailures()).isPositive();
            assertThat(Backups.state(old)).isEqualTo("DELETED");
            assertThat(dump).exists();
        } finally {
            lock(dump, false);
        }
        sweep();
        assertThat(Backups.state(old)).isEqualTo("PURGED");
        assertThat(store.directoryOf(instance, old)).doesNotExist();
    }

    @Test
    void theDryRunListsExactlyWhatTheSweepThenDeletesAndChangesNothing() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID expiresFirst = Backups.backup(root(), instance, t0, Backups.daily());
        UUID pinned = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.daily());
        UUID longer = Backups.backup(root(), instance, t0.plusSeconds(2), Backups.policy("three", 1, "P3D"));
        UUID newest = Backups.backup(root(), instance, t0.plusSeconds(3), Backups.daily());
        given().post("/api/v1/recovery-points/{id}/pin", pinned).then().statusCode(200);
        asService().contentType(ContentType.JSON).body("""
                {"kind":"RESTORE","owner":"job-9","instanceId":"%s","leaseSeconds":60}""".formatted(instance))
                .post("/api/v1/recovery-points/{id}/holds", expiresFirst).then().statusCode(201);
        Instant at = t0.plus(Duration.ofDays(2));

        given().queryParam("at", at.toString()).queryParam("instanceId", instance.toString())
                .get("/api/v1/retention/preview").then().statusCode(200)
                .body("deletions.recoveryPointId", contains(expiresFirst.toString()))
                .body("deletions[0].lapsingHolds[0].owner", equalTo("job-9"))
                .body("deletions[0].lapsingHolds[0].createdBy", equalTo(JOB_SERVICE))
                .body("deletions[0].newerLivePoints", equalTo(3))
                .body("floor", equalTo(1));
        given().get("/api/v1/backup-instances/{id}/recovery-points?state=LIVE", instance).then().body("total", equalTo(4));
        given().queryParam("at", "soon").get("/api/v1/retention/preview").then().statusCode(400)
                .body("errors[0].field", equalTo("at"));

        CLOCK.set(at);
        sweep();
        List<String> deleted = given().get("/api/v1/backup-instances/{id}/recovery-points?state=DELETED", instance)
                .then().extract().path("items.id");
        assertThat(deleted).containsExactly(expiresFirst.toString());

        Instant later = t0.plus(Duration.ofDays(4));
        given().queryParam("at", later.toString()).queryParam("instanceId", instance.toString())
                .get("/api/v1/retention/preview").then()
                .body("deletions.recoveryPointId", contains(longer.toString()));
        CLOCK.set(later);
        sweep();
        assertThat(Backups.state(longer)).isEqualTo("DELETED");
        assertThat(Backups.state(pinned)).isEqualTo("LIVE");
        assertThat(Backups.state(newest)).isEqualTo("LIVE");
    }

    @Test
    void twoSweepersAtOnceDeleteEachPointExactlyOnce() throws Exception {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        int points = 40;
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            var event = Backups.succeeded(root(), instance, t0.plusSeconds(i), Backups.daily());
            Backups.send(event);
            ids.add(event.recoveryPointId());
        }
        Backups.awaitPoint(ids.get(points - 1));
        CLOCK.advance(Duration.ofDays(2));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> sweepers = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                sweepers.add(pool.submit(() -> {
                    start.await();
                    int total = 0;
                    int n;
                    do {
                        n = deleteBatch(3);
                        total += n;
                    } while (n > 0);
                    return total;
                }));
            }
            start.countDown();
            for (Future<Integer> f : sweepers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        awaitDeletedEvents(instance, points - 1);
        List<RecoveryPointDeleted> events = deletedEvents(instance);
        Set<UUID> distinct = new HashSet<>();
        events.forEach(e -> distinct.add(e.recoveryPointId()));
        assertThat(events).hasSize(points - 1);
        assertThat(distinct).containsExactlyInAnyOrderElementsOf(ids.subList(0, points - 1));
        assertThat(Backups.state(ids.get(points - 1))).isEqualTo("LIVE");
        given().get("/api/v1/backup-instances/{id}/recovery-points?state=LIVE", instance).then().body("total", equalTo(1));
    }

    @Test
    void aHoldPlacedBetweenTheSweepsDecisionAndItsDeletionKeepsThePoint() {
        UUID instance = UUID.randomUUID();
        Instant t0 = CLOCK.instant();
        UUID held = Backups.backup(root(), instance, t0, Backups.daily());
        UUID free = Backups.backup(root(), instance, t0.plusSeconds(1), Backups.daily());
        Backups.backup(root(), instance, t0.plusSeconds(2), Backups.daily());
        CLOCK.advance(Duration.ofDays(2));

        List<UUID> decided = await(() -> sweep.decide(100)).stream()
                .filter(id -> id.equals(held) || id.equals(free)).toList();
        assertThat(decided).containsExactlyInAnyOrder(held, free);
        given().post("/api/v1/recovery-points/{id}/pin", held).then().statusCode(200);

        assertThat(await(() -> sweep.deleteDecided(decided))).isEqualTo(1);
        assertThat(Backups.state(held)).isEqualTo("LIVE");
        assertThat(Backups.state(free)).isEqualTo("DELETED");
        assertThat(filesExist(instance, held)).isTrue();
    }

    private static <T> T await(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> uni) {
        try {
            return io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(uni);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
