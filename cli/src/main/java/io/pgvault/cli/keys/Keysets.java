package io.pgvault.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.pgvault.cli.context.CommandFailed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * The master keyset file (a Tink AEAD keyset, cleartext JSON, 0600) and the envelope of an encrypted
 * recovery point, as job-service writes them: the point's data key is a streaming-AEAD keyset encrypted by
 * the master key with associated data {@code "pgvault-point:" + pointId}; each artifact's associated data is
 * {@code pointId + "/" + name}.
 */
final class Keysets {

    static {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Keysets() {
    }

    static KeysetHandle read(Path file) throws IOException {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (NoSuchFileException e) {
            throw new CommandFailed("the master keyset " + file + " does not exist");
        } catch (GeneralSecurityException e) {
            throw new CommandFailed(file + " is not a Tink JSON keyset: " + e.getMessage());
        }
    }

    static KeysetHandle generate() throws GeneralSecurityException {
        return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    }

    static KeysetHandle rotated(KeysetHandle current) throws GeneralSecurityException {
        return KeysetHandle.newBuilder(current)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId()
                        .makePrimary())
                .build();
    }

    /** Writes the keyset 0600 from the start; {@code replace} false refuses an existing file. */
    static void write(Path file, KeysetHandle keyset, boolean replace) throws IOException, GeneralSecurityException {
        if (!replace && Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".keyset-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The data key of a point, from its envelope, unwrapped by the master keyset. */
    static StreamingAead dataKey(KeysetHandle master, Path envelope, UUID pointId, ObjectMapper mapper) throws IOException {
        JsonNode json = mapper.readTree(envelope.toFile());
        if (!json.path("dataKeyset").isTextual()) {
            throw new CommandFailed(envelope + " is not a pgvault envelope");
        }
        try {
            Aead aead = master.getPrimitive(RegistryConfiguration.get(), Aead.class);
            KeysetHandle data = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json.get("dataKeyset").asText(), aead,
                    ("pgvault-point:" + pointId).getBytes(StandardCharsets.UTF_8));
            return data.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new CommandFailed("no key of the master keyset opens the data key of point " + pointId
                    + " (KEY_UNAVAILABLE): " + e.getMessage());
        }
    }

    static InputStream decrypting(StreamingAead key, InputStream in, UUID pointId, String name) throws IOException {
        try {
            return key.newDecryptingStream(in, (pointId + "/" + name).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
