package io.pgvault.instance.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.instance.BackupRequested;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.TestClock;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One scheduler run fires every due instance, however many batches they fill: a full batch is followed by the
 * next at once (here a batch is two instances), not left for the next interval.
 */
@QuarkusTest
@TestProfile(SchedulerDrainTest.SmallBatches.class)
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class SchedulerDrainTest {

    /** Batches of two. */
    public static class SmallBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pgvault.instance.scheduler.batch-size", "2");
        }
    }

    @Inject
    BackupScheduler scheduler;

    @Test
    void oneRunFiresEveryDueInstanceNotOneBatch() throws Throwable {
        Instant start = TestClock.CLOCK.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        UUID policy = Api.createPolicy(Api.unique("drain"), "R/" + start + "/PT1H");
        List<UUID> instances = IntStream.range(0, 5).mapToObj(i -> Api.protect(policy)).toList();
        TestClock.CLOCK.set(start.plusSeconds(30));

        VertxContextSupport.subscribeAndAwait(() -> scheduler.scheduled());

        for (UUID instance : instances) {
            assertThat(Instant.parse(Api.get(instance).extract().path("nextBackupAt")))
                    .as("fired: its next due time moved on").isEqualTo(start.plus(Duration.ofHours(1)));
            assertThat(Commands.await(instance, BackupRequested.class, 1)).hasSize(1);
        }
    }
}
