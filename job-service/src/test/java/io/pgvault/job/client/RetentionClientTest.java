package io.pgvault.job.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.testinfra.PgVaultTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The hold calls to retention-service, against its endpoints as WireMock serves them. */
@QuarkusTest
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_job"))
@QuarkusTestResource(RetentionServiceMock.class)
class RetentionClientTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    RetentionClient client;

    @InjectRetentionHolds
    RetentionHolds retention;

    @Test
    void aHoldIsAskedForTheRestoreJobAndReleasedByTheIdRetentionServiceGave() {
        UUID point = UUID.randomUUID();
        UUID instance = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        RetentionClient.Hold hold = client.take(point, instance, job, "alice", 300).await().atMost(WAIT);

        RetentionHolds.Hold asked = retention.takenBy(job);
        assertThat(asked.kind()).isEqualTo("RESTORE");
        assertThat(asked.recoveryPointId()).isEqualTo(point);
        assertThat(asked.instanceId()).isEqualTo(instance);
        assertThat(asked.leaseSeconds()).isEqualTo(300);
        assertThat(asked.onBehalfOf()).isEqualTo("alice");
        assertThat(hold).isEqualTo(new RetentionClient.Hold(asked.id(), point));
        assertThat(retention.released(asked)).isFalse();

        client.release(hold).await().atMost(WAIT);
        assertThat(retention.released(asked)).isTrue();
    }

    @Test
    void aRefusedHoldFailsTheJobWithHoldRefusedSayingWhy() {
        UUID unknown = UUID.randomUUID();
        UUID notLive = UUID.randomUUID();
        UUID broken = UUID.randomUUID();
        retention.refuse(unknown, 404);
        retention.refuse(notLive, 409);
        retention.refuse(broken, 503);
        assertThat(refusal(unknown)).isEqualTo("retention-service does not know recovery point " + unknown);
        assertThat(refusal(notLive)).contains("recovery point " + notLive + " is not live or belongs to another instance");
        assertThat(refusal(broken)).isEqualTo("retention-service answered 503 for recovery point " + broken);
    }

    @Test
    void everyHoldCallCarriesTheServiceTokenJobServiceGotWithItsClientCredentials() {
        UUID point = UUID.randomUUID();
        UUID job = UUID.randomUUID();
        RetentionClient.Hold hold = client.take(point, UUID.randomUUID(), job, "bob", 60).await().atMost(WAIT);
        client.release(hold).await().atMost(WAIT);

        RetentionHolds.Hold asked = retention.takenBy(job);
        assertThat(retention.released(asked)).isTrue();
        assertThat(asked.authorization()).isEqualTo("Bearer " + retention.serviceToken());
        assertThat(retention.holdAuthorizations()).isNotEmpty().allSatisfy(header -> assertThat(header)
                .isEqualTo("Bearer " + retention.serviceToken()));
        assertThat(retention.tokenRequests()).isNotEmpty().allSatisfy(request -> {
            assertThat(request.formParameters().get("grant_type").firstValue()).isEqualTo("client_credentials");
            assertThat(request.formParameters().get("client_id").firstValue()).isEqualTo("job-service");
            assertThat(request.formParameters().get("client_secret").firstValue()).isEqualTo(retention.secret());
        });
    }

    @Test
    void aServiceTokenRetentionServiceRefusesFailsTheHoldAndIsFetchedAnewForTheNextCall() {
        // A token is held from here on, so the count below moves only by the refetch.
        client.take(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), null, 60).await().atMost(WAIT);
        int fetched = retention.tokenRequests().size();
        UUID refused = UUID.randomUUID();
        retention.refuseToken(refused);

        assertThat(refusal(refused)).contains("service token was refused (401)");
        assertThat(retention.tokenRequests()).hasSize(fetched);
        UUID job = UUID.randomUUID();
        client.take(UUID.randomUUID(), UUID.randomUUID(), job, null, 60).await().atMost(WAIT);
        assertThat(retention.tokenRequests()).hasSize(fetched + 1);
        assertThat(retention.takenBy(job).onBehalfOf()).isNull();
    }

    private String refusal(UUID point) {
        String[] message = new String[1];
        assertThatThrownBy(() -> client.take(point, UUID.randomUUID(), UUID.randomUUID(), null, 60).await().atMost(WAIT))
                .isInstanceOfSatisfying(JobFailure.class, failure -> {
                    assertThat(failure.error().code()).isEqualTo(ErrorCode.HOLD_REFUSED);
                    message[0] = failure.error().message();
                });
        return message[0];
    }
}
