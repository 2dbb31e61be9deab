package io.pgvault.testinfra.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.security.JsonWebKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * A throwaway RS256 key pair, as files: a PKCS#8 PEM private key (what the embedded issuer signs with)
 * and the JWKS of its public key (what verifiers read). {@link #jvm()} is the one pair of the test
 * JVM, made once and shared through system properties, which every class loader sees (Quarkus loads
 * test resources and tests in different ones); {@link #generate()} makes another, e.g. an external
 * identity provider's.
 */
public final class TestKeys {

    static final String PRIVATE_KEY_FILE = "pgvault.test.jwt.private-key";
    static final String JWKS_FILE = "pgvault.test.jwt.jwks";

    private static final Object LOCK = "pgvault.test.jwt.lock".intern();

    private final Path privateKeyFile;
    private final Path jwksFile;

    private TestKeys(Path privateKeyFile, Path jwksFile) {
        this.privateKeyFile = privateKeyFile;
        this.jwksFile = jwksFile;
    }

    /** The test JVM's pair, generated on first use. */
    public static TestKeys jvm() {
        synchronized (LOCK) {
            String privateKey = System.getProperty(PRIVATE_KEY_FILE);
            if (privateKey != null) {
                return new TestKeys(Path.of(privateKey), Path.of(System.getProperty(JWKS_FILE)));
            }
            TestKeys keys = generate();
            System.setProperty(PRIVATE_KEY_FILE, keys.privateKeyFile.toString());
            System.setProperty(JWKS_FILE, keys.jwksFile.toString());
            return keys;
        }
    }

    /** A pair written earlier, e.g. by a test resource in another class loader. */
    public static TestKeys of(Path privateKeyFile, Path jwksFile) {
        return new TestKeys(privateKeyFile, jwksFile);
    }

    /** A new pair in a new temporary directory, readable by its owner only. */
    public static TestKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path dir = Files.createTempDirectory("pgvault-test-keys");
            dir.toFile().deleteOnExit();
            Path privateKey = dir.resolve("signing-key.pem");
            Path jwks = dir.resolve("jwks.json");
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(privateKey, pem);
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            Files.writeString(jwks, Json.write(new ObjectMapper(), JsonWebKeys.keySet(List.of((RSAPublicKey) pair.getPublic()))));
            privateKey.toFile().deleteOnExit();
            jwks.toFile().deleteOnExit();
            return new TestKeys(privateKey, jwks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test key pair", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    /** The PKCS#8 PEM file of the private key. */
    public Path privateKeyFile() {
        return privateKeyFile;
    }

    /** The JWKS file of the public key. */
    public Path jwksFile() {
        return jwksFile;
    }

    /** The JWKS document, as verifiers get it. */
    public String jwks() {
        try {
            return Files.readString(jwksFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The private key, to sign with. */
    public PrivateKey privateKey() {
        try {
            String pem = Files.readString(privateKeyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable test private key " + privateKeyFile, e);
        }
    }

    /** The key id verifiers look the key up by (RFC 7638 thumbprint). */
    public String keyId() {
        return JsonWebKeys.keyId(JsonWebKeys.publicKeyOf(privateKey()));
    }
}
