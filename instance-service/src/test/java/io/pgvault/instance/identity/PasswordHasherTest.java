package io.pgvault.instance.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void aHashNamesPbkdf2WithAtLeast210000IterationsAndHidesThePassword() {
        String hash = PasswordHasher.hash(PASSWORD);

        String[] parts = hash.split("\\$");
        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(Integer.parseInt(parts[1])).isGreaterThanOrEqualTo(210_000);
        assertThat(hash).doesNotContain(PASSWORD).doesNotContain("horse");
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeByItsSalt() {
        String first = PasswordHasher.hash(PASSWORD);
        String second = PasswordHasher.hash(PASSWORD);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
        assertThat(PasswordHasher.matches(PASSWORD, first)).isTrue();
        assertThat(PasswordHasher.matches(PASSWORD, second)).isTrue();
    }

    @Test
    void anotherPasswordDoesNotMatch() {
        String hash = PasswordHasher.hash(PASSWORD);

        assertThat(PasswordHasher.matches(PASSWORD + " ", hash)).isFalse();
        assertThat(PasswordHasher.matches("", hash)).isFalse();
        assertThat(PasswordHasher.matches(null, hash)).isFalse();
    }

    @Test
    void aMalformedHashMatchesNothing() {
        assertThat(PasswordHasher.matches(PASSWORD, PASSWORD)).isFalse();
        assertThat(PasswordHasher.matches(PASSWORD, "pbkdf2-sha256$x$y$z")).isFalse();
        assertThat(PasswordHasher.matches(PASSWORD, "md5$1$abc$def")).isFalse();
        assertThat(PasswordHasher.matches(PASSWORD, null)).isFalse();
    }

    @Test
    void theIterationCountIsPartOfTheHash() {
        // A stored hash keeps its own count, so the count of new hashes can rise later without breaking old ones.
        String hash = PasswordHasher.hash(PASSWORD);
        assertThat(PasswordHasher.matches(PASSWORD, hash.replace("$210000$", "$210001$"))).isFalse();
    }

    @Test
    void theDecoyNeverMatches() {
        assertThat(PasswordHasher.decoy("decoy password that matches no request")).isFalse();
        assertThat(PasswordHasher.decoy(null)).isFalse();
    }

    @Test
    void secretsCompareByValue() {
        assertThat(PasswordHasher.sameSecret("s3cret", "s3cret")).isTrue();
        assertThat(PasswordHasher.sameSecret("s3cret", "s3cret ")).isFalse();
        assertThat(PasswordHasher.sameSecret(null, "s3cret")).isFalse();
    }
}
