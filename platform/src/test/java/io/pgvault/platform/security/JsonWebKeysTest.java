package io.pgvault.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWebKeysTest {

    /** The example key of RFC 7638 §3.1, whose thumbprint the RFC gives. */
    private static final String N = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
            + "BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8K"
            + "JZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44"
            + "-csFCur-kEgU8awapJzKnqDKgw";

    @Test
    void theKeyIdIsTheRfc7638Thumbprint() throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(N)), new BigInteger(1, Base64.getUrlDecoder().decode("AQAB"))));

        assertThat(JsonWebKeys.keyId(key)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
        assertThat(JsonWebKeys.publicJwk(key)).containsEntry("n", N).containsEntry("e", "AQAB").containsEntry("kty", "RSA");
    }

    @Test
    void theKeySetHoldsThePublicHalfOfTheSigningKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();

        RSAPublicKey derived = JsonWebKeys.publicKeyOf(pair.getPrivate());

        assertThat(derived).isEqualTo(pair.getPublic());
        Map<String, Object> set = JsonWebKeys.keySet(List.of(derived));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) set.get("keys");
        assertThat(keys).singleElement().satisfies(jwk -> assertThat(jwk)
                .containsEntry("kid", JsonWebKeys.keyId(derived))
                .containsEntry("alg", "RS256")
                .containsEntry("use", "sig")
                .doesNotContainKeys("d", "p", "q"));
    }
}
