package io.pgvault.job.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import io.pgvault.job.keys.KeyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * The keys of one recovery point, stored next to it as {@value #OBJECT}: a streaming-AEAD data key
 * ({@code AES256_GCM_HKDF_1MB}) for its artifacts and an HMAC-SHA256 key for its manifest, each a Tink
 * keyset encrypted by the master key with the point id as associated data (an envelope moved to another
 * point does not open), and the manifest's MAC. Whoever can write the store but has no master key can
 * neither read an artifact nor forge a manifest.
 *
 * <p>Each artifact's associated data is {@code point id + "/" + artifact name}: a ciphertext moved to
 * another point, or renamed, fails to decrypt.
 */
public final class Envelope {

    public static final String OBJECT = "envelope.json";
    static final String FORMAT = "pgvault-envelope-1";

    private final UUID pointId;
    private final KeysetHandle dataKeys;
    private final KeysetHandle macKeys;
    private String wrappedData;
    private String wrappedMac;
    private byte[] manifestMac;

    private Envelope(UUID pointId, KeysetHandle dataKeys, KeysetHandle macKeys) {
        this.pointId = pointId;
        this.dataKeys = dataKeys;
        this.macKeys = macKeys;
    }

    /** New keys for a new point, wrapped by the master key's primary. */
    public static Envelope create(UUID pointId, Aead master) throws IOException {
        try {
            Envelope envelope = new Envelope(pointId,
                    KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB),
                    KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG));
            envelope.wrap(master);
            return envelope;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create the keys of point " + pointId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The envelope as stored, opened with the master key.
     *
     * @throws KeyUnavailableException no key of the master keyset unwraps it
     * @throws IntegrityViolationException it is not an envelope of this point
     */
    public static Envelope parse(UUID pointId, byte[] stored, Aead master, java.util.Set<Integer> masterKeyIds,
            ObjectMapper mapper) throws IOException {
        JsonNode json;
        try {
            json = mapper.readTree(stored);
        } catch (IOException e) {
            throw new IntegrityViolationException(OBJECT, "the envelope of point " + pointId + " is not JSON");
        }
        if (json == null || !FORMAT.equals(json.path("format").asText()) || !json.path("dataKeyset").isTextual()
                || !json.path("macKeyset").isTextual()) {
            throw new IntegrityViolationException(OBJECT, "the envelope of point " + pointId + " is not a "
                    + FORMAT + " envelope");
        }
        String wrappedData = json.get("dataKeyset").asText();
        String wrappedMac = json.get("macKeyset").asText();
        try {
            Envelope envelope = new Envelope(pointId,
                    TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrappedData, master, associatedData(pointId)),
                    TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrappedMac, master, associatedData(pointId)));
            envelope.wrappedData = wrappedData;
            envelope.wrappedMac = wrappedMac;
            if (json.path("manifestMac").isTextual()) {
                envelope.manifestMac = Base64.getDecoder().decode(json.get("manifestMac").asText());
            }
            return envelope;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            int wrappedWith = wrappingKeyId(wrappedData, mapper);
            if (masterKeyIds.contains(wrappedWith)) {
                // The key is there and still does not open it: the envelope was changed or belongs to another point.
                throw new IntegrityViolationException(OBJECT, "the envelope " + OBJECT + " of point " + pointId
                        + " does not open under master key " + Integer.toUnsignedString(wrappedWith)
                        + ": it was changed or copied from another point", e);
            }
            throw new KeyUnavailableException("no key of the master keyset opens the data key of point " + pointId
                    + " (" + e.getMessage() + "): the master key it was wrapped with is missing, or the envelope"
                    + " was changed", e);
        }
    }

    /** Wraps (again) both keys with the master keyset's primary key. */
    public void wrap(Aead master) throws IOException {
        try {
            wrappedData = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(dataKeys, master, associatedData(pointId));
            wrappedMac = TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(macKeys, master, associatedData(pointId));
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot wrap the keys of point " + pointId + ": " + e.getMessage(), e);
        }
    }

    /** The id of the master key the data key is wrapped with (Tink's 5-byte ciphertext prefix). */
    public int wrappingKeyId(ObjectMapper mapper) throws IOException {
        return wrappingKeyId(wrappedData, mapper);
    }

    private static int wrappingKeyId(String wrappedData, ObjectMapper mapper) throws IOException {
        JsonNode json = mapper.readTree(wrappedData);
        byte[] ciphertext = Base64.getDecoder().decode(json.path("encryptedKeyset").asText());
        if (ciphertext.length < 5 || ciphertext[0] != 1) {
            return 0;
        }
        return ((ciphertext[1] & 0xff) << 24) | ((ciphertext[2] & 0xff) << 16) | ((ciphertext[3] & 0xff) << 8)
                | (ciphertext[4] & 0xff);
    }

    /** Encrypts what is written into {@code out} as artifact {@code name} of this point. */
    public OutputStream encrypt(OutputStream out, String name) throws IOException {
        try {
            return streamingAead().newEncryptingStream(out, artifactData(pointId, name));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encrypt " + name + ": " + e.getMessage(), e);
        }
    }

    /** Decrypts artifact {@code name} of this point; a ciphertext that does not authenticate fails the read. */
    public InputStream decrypt(InputStream in, String name) throws IOException {
        try {
            return streamingAead().newDecryptingStream(in, artifactData(pointId, name));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt " + name + ": " + e.getMessage(), e);
        }
    }

    /** Signs the manifest as stored. */
    public void signManifest(byte[] manifest) throws IOException {
        try {
            manifestMac = mac().computeMac(manifest);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the manifest of point " + pointId + ": " + e.getMessage(), e);
        }
    }

    /** Checks the stored manifest against its MAC. */
    public void verifyManifest(byte[] manifest, String objectName) throws IntegrityViolationException {
        if (manifestMac == null) {
            throw new IntegrityViolationException(objectName, "the manifest of point " + pointId + " has no MAC");
        }
        try {
            mac().verifyMac(manifestMac, manifest);
        } catch (GeneralSecurityException e) {
            throw new IntegrityViolationException(objectName, "the manifest " + objectName + " of point " + pointId
                    + " does not match its MAC: it was changed after the backup");
        }
    }

    /** The envelope as stored. */
    public byte[] toBytes(ObjectMapper mapper) throws IOException {
        ObjectNode json = mapper.createObjectNode();
        json.put("format", FORMAT);
        json.put("pointId", pointId.toString());
        json.put("dataKeyset", wrappedData);
        json.put("macKeyset", wrappedMac);
        if (manifestMac != null) {
            json.put("manifestMac", Base64.getEncoder().encodeToString(manifestMac));
        }
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    }

    private StreamingAead streamingAead() throws GeneralSecurityException {
        return dataKeys.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
    }

    private Mac mac() throws GeneralSecurityException {
        return macKeys.getPrimitive(RegistryConfiguration.get(), Mac.class);
    }

    private static byte[] associatedData(UUID pointId) {
        return ("pgvault-point:" + pointId).getBytes(StandardCharsets.UTF_8);
    }

    /** The associated data of an artifact: its point and its name. */
    static byte[] artifactData(UUID pointId, String name) {
        return (pointId + "/" + name).getBytes(StandardCharsets.UTF_8);
    }
}
