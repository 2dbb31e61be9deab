package io.pgvault.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void theChallengeIsRfc7636sS256OfTheVerifier() {
        // RFC 7636, Appendix B
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void aVerifierHas43UnreservedCharactersAndIsNeverTheSameTwice() {
        String a = Pkce.random();
        assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(Pkce.random()).isNotEqualTo(a);
    }
}
