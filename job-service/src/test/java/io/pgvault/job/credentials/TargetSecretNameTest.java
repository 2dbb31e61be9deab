package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetSecretNameTest {

    @Test
    void ordinaryHostsAndRolesKeepTheirNames() {
        assertThat(TargetSecretName.of("db2.internal", 5432, "restorer")).isEqualTo("db2.internal_5432_restorer.password");
        assertThat(TargetSecretName.of("10.0.0.7", 5433, "pg_restore-1.a")).isEqualTo("10.0.0.7_5433_pg_restore-1.a.password");
        assertThat(TargetSecretName.of("DB-2.Example.com", 1, "Ops")).isEqualTo("DB-2.Example.com_1_Ops.password");
    }

    @Test
    void slashesDotDotNulAndPercentNeverAppearAsThemselves() {
        String name = TargetSecretName.of("../../etc", 5432, "a/b\0c%d");
        assertThat(name).isEqualTo("%2E.%2F..%2Fetc_5432_a%2Fb%00c%25d.password");
        assertThat(name).doesNotContain("/").doesNotContain("\0").doesNotStartWith(".");
        // However it is spelled, the file stays directly in the targets directory.
        Path targets = Path.of("/secrets/targets");
        for (String host : List.of("..", ".", "/", "a/../../b", "\0", "..\\..")) {
            Path file = targets.resolve(TargetSecretName.of(host, 5432, "..")).normalize();
            assertThat(file.getParent()).as(host).isEqualTo(targets);
        }
    }

    @Test
    void ipv6AddressesUnderscoresInHostsAndNonAsciiAreEncodedSoTwoTargetsNeverShareAName() {
        assertThat(TargetSecretName.of("::1", 5432, "postgres")).isEqualTo("%3A%3A1_5432_postgres.password");
        assertThat(TargetSecretName.of("a_1", 2, "u")).isEqualTo("a%5F1_2_u.password");
        assertThat(TargetSecretName.of("a", 1, "2_u")).isEqualTo("a_1_2_u.password");
        assertThat(TargetSecretName.of("a_1", 2, "u")).isNotEqualTo(TargetSecretName.of("a", 1, "2_u"));
        assertThat(TargetSecretName.of("h", 5432, "bjørn")).isEqualTo("h_5432_bj%C3%B8rn.password");
    }

    @Test
    void anEmptyHostOrUserABadPortOrAnOverlongNameIsRefused() {
        assertThatThrownBy(() -> TargetSecretName.of("", 5432, "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetSecretName.of("h", 5432, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetSecretName.of("h", 0, "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetSecretName.of("h", 5432, "/".repeat(100))).hasMessageContaining("255");
    }
}
