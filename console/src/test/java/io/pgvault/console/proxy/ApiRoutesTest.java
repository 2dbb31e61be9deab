package io.pgvault.console.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.console.api.Service;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiRoutesTest {

    @Test
    void jobsAndTheirStreamGoToJobService() {
        assertThat(ApiRoutes.ownerOf("/api/v1/jobs")).contains(Service.JOB);
        assertThat(ApiRoutes.ownerOf("/api/v1/jobs/stream")).contains(Service.JOB);
        assertThat(ApiRoutes.ownerOf("/api/v1/jobs/6d79de66-b630-43b8-9458-7baf040abc8f/cancel")).contains(Service.JOB);
    }

    @Test
    void aPointsVerificationGoesToJobServiceWhichRunsIt() {
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6-0b7e-4c2a-91d3-4e58a6f15c2d/verify"))
                .contains(Service.JOB);
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6/verify?x=1")).contains(Service.JOB);
        // the point itself and its other sub-resources stay retention-service's
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6/verify-later")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6/holds")).contains(Service.RETENTION);
    }

    @Test
    void recoveryPointsAndAnInstancesPointListGoToRetentionService() {
        assertThat(ApiRoutes.ownerOf("/api/v1/recovery-points/5c39e9a6/pin")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/retention/preview")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-instances/eb04fd94/recovery-points")).contains(Service.RETENTION);
    }

    @Test
    void policiesInstancesSignInUsersAndTheKeySetGoToInstanceService() {
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-policies")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-instances/eb04fd94/stop-protection")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-instances/eb04fd94/activity")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/auth/token")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/users")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/vault")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/pending-operations/recovery-points/eb04fd94/unpin")).contains(Service.INSTANCE);
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-instances/eb04fd94/immutability")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/backup-instances/eb04fd94/impact?action=DELETE")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/api/v1/vault/impact?floor=2")).contains(Service.RETENTION);
        assertThat(ApiRoutes.ownerOf("/.well-known/jwks.json")).contains(Service.INSTANCE);
    }

    @Test
    void theConsolesOwnPagesAreNotForwarded() {
        assertThat(ApiRoutes.ownerOf("/")).isEqualTo(Optional.empty());
        assertThat(ApiRoutes.ownerOf("/instances/eb04fd94")).isEmpty();
        assertThat(ApiRoutes.ownerOf("/jobs/6d79de66/live")).isEmpty();
        assertThat(ApiRoutes.ownerOf("/api/v10/jobs")).isEmpty();
        assertThat(ApiRoutes.forwarded("/q/health/ready")).isFalse();
    }
}
