package io.pgvault.instance.identity;

import io.pgvault.platform.security.JsonWebKeys;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;

/** The embedded issuer's RSA key: the private half signs, the public half is served as the key set. */
record SigningKey(PrivateKey privateKey, RSAPublicKey publicKey, String keyId) {

    static SigningKey of(PrivateKey privateKey) {
        RSAPublicKey publicKey = JsonWebKeys.publicKeyOf(privateKey);
        return new SigningKey(privateKey, publicKey, JsonWebKeys.keyId(publicKey));
    }
}
