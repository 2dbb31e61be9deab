package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.contracts.common.Datasource;
import io.pgvault.contracts.common.RestoreTarget;
import io.pgvault.contracts.instance.RestoreRequested;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AllowedTargetsTest {

    private static RestoreRequested restore(String sourceHost, String targetHost, String sslMode) {
        return new RestoreRequested(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), UUID.randomUUID(),
                UUID.randomUUID(), "orders", new Datasource(sourceHost, 5432, "backup", null, null),
                RestoreTarget.database(targetHost, 5432, "restorer", "copy", false, sslMode), "test-user");
    }

    @Test
    void theSourcesOwnHostAndListedHostsAndBlocksAreAllowed() {
        AllowedTargets allowed = new AllowedTargets(List.of("db2.internal", "10.1.0.0/16", "fd00::/8"), true);
        assertThatCode(() -> allowed.check(restore("db1.internal", "DB1.internal", null))).doesNotThrowAnyException();
        assertThatCode(() -> allowed.check(restore("db1.internal", "db2.internal", "require"))).doesNotThrowAnyException();
        assertThatCode(() -> allowed.check(restore("db1.internal", "10.1.200.3", "verify-full"))).doesNotThrowAnyException();
        assertThatCode(() -> allowed.check(restore("db1.internal", "fd00::5", null))).doesNotThrowAnyException();
    }

    @Test
    void anyOtherTargetFailsWithTargetNotAllowedNamingTheSetting() {
        AllowedTargets allowed = new AllowedTargets(List.of("db2.internal"), true);
        for (String host : List.of("127.0.0.1", "db3.internal", "10.1.0.1", "db2.internal.evil.example")) {
            assertThatThrownBy(() -> allowed.check(restore("db1.internal", host, null)))
                    .isInstanceOfSatisfying(JobFailure.class,
                            f -> assertThat(f.error().code()).isEqualTo(ErrorCode.TARGET_NOT_ALLOWED))
                    .hasMessageContaining("pgvault.job.restore.allowed-targets");
        }
    }

    @Test
    void theSourcesHostCanBeTakenOffTheList() {
        AllowedTargets allowed = new AllowedTargets(List.of(), false);
        assertThatThrownBy(() -> allowed.check(restore("db1.internal", "db1.internal", null)))
                .isInstanceOf(JobFailure.class);
    }

    @Test
    void anSslModeOtherThanRequireOrVerifyFullIsRefused() {
        AllowedTargets allowed = new AllowedTargets(List.of(), true);
        assertThatThrownBy(() -> allowed.check(restore("db1", "db1", "disable")))
                .hasMessageContaining("require or verify-full");
    }

    @Test
    void aBadEntryInTheSettingIsNamedAtStartUp() {
        assertThatThrownBy(() -> new AllowedTargets(List.of("10.0.0.0/40"), true))
                .hasMessageContaining("pgvault.job.restore.allowed-targets").hasMessageContaining("10.0.0.0/40");
    }
}
