package io.pgvault.job.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PgPassTest {

    @Test
    void aLineNamesExactlyOneHostPortAndRoleWithAnyDatabase() {
        assertThat(PgPass.line("db1.internal", 5432, "backup", "s3cret")).isEqualTo("db1.internal:5432:*:backup:s3cret\n");
    }

    @Test
    void colonsBackslashesAndAsterisksAreEscapedSoNoFieldBecomesAWildcardOrSplits() {
        assertThat(PgPass.line("::1", 5433, "we:ird\\user", "p:a\\s*s")).isEqualTo(
                "\\:\\:1:5433:*:we\\:ird\\\\user:p\\:a\\\\s\\*s\n");
        // A host or role literally named "*" is that name, not libpq's wildcard.
        assertThat(PgPass.line("*", 5432, "*", "x")).isEqualTo("\\*:5432:*:\\*:x\n");
    }

    @Test
    void aPasswordWithALineBreakIsRefused() {
        assertThatThrownBy(() -> PgPass.line("h", 1, "u", "one\ntwo")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgPass.line("h", 1, "u", "one\rtwo")).isInstanceOf(IllegalArgumentException.class);
    }
}
