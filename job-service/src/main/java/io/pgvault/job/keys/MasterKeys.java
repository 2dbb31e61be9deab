package io.pgvault.job.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import io.pgvault.job.config.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * The master key: a Tink AEAD keyset (AES256-GCM) in a JSON file, on the embedded set-up made once by
 * scripts/run ({@code .infra/secrets/master.keyset.json}, 0600), in production a file the platform mounts.
 * It only wraps the per-point data keys; it never touches backup data itself.
 *
 * <p>Rotation adds a new primary key to the keyset: new points are wrapped with it, and the older keys stay
 * in the keyset to unwrap older points until they are re-wrapped. The file is read on every use, so a
 * rotation (here or by {@code pgvault keys rotate}) takes effect without a restart.
 */
@ApplicationScoped
public class MasterKeys {

    static {
        try {
            AeadConfig.register();
            StreamingAeadConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final String RECOMMENDATION_HINT = "pgvault.store.keys.master-keyset-file";

    private final Path file;
    private final boolean createIfMissing;

    @Inject
    public MasterKeys(StoreConfig config) {
        this(Path.of(config.keys().masterKeysetFile()), config.keys().createIfMissing());
    }

    MasterKeys(Path file, boolean createIfMissing) {
        this.file = file.toAbsolutePath();
        this.createIfMissing = createIfMissing;
    }

    /** A master key of its own in {@code file}, for tests and tools. */
    public static MasterKeys inFile(Path file, boolean createIfMissing) {
        return new MasterKeys(file, createIfMissing);
    }

    /** The keyset file. */
    public Path file() {
        return file;
    }

    /** The master keyset as it is now. */
    public KeysetHandle keyset() throws KeyUnavailableException {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (NoSuchFileException e) {
            if (createIfMissing) {
                return createIfStillMissing();
            }
            throw new KeyUnavailableException("the master keyset " + file + " does not exist");
        } catch (IOException e) {
            throw new KeyUnavailableException("the master keyset " + file + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("the master keyset " + file + " is not a Tink JSON keyset: "
                    + e.getMessage(), e);
        }
    }

    /** The AEAD of the whole keyset: encrypts with the primary key, decrypts with any key in it. */
    public Aead aead() throws KeyUnavailableException {
        try {
            return keyset().getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("the master keyset " + file + " holds no usable AEAD key: "
                    + e.getMessage(), e);
        }
    }

    /** The ids of every key in the keyset. */
    public java.util.Set<Integer> keyIds() throws KeyUnavailableException {
        KeysetHandle keyset = keyset();
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(keyset.getAt(i).getId());
        }
        return ids;
    }

    /** The id of the key new points are wrapped with. */
    public int primaryKeyId() throws KeyUnavailableException {
        return keyset().getPrimary().getId();
    }

    /**
     * Adds a new AES256-GCM key and makes it the primary; the older keys stay for reading.
     *
     * @return the new primary key's id
     */
    public synchronized int rotate() throws IOException {
        KeysetHandle current = keyset();
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(current)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
            write(file, rotated);
            return rotated.getPrimary().getId();
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot add a key to " + file + ": " + e.getMessage(), e);
        }
    }

    /** A new keyset with one AES256-GCM key. */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an AES256-GCM key", e);
        }
    }

    /** Writes {@code keyset} to {@code target} as cleartext JSON, 0600 from the start, replacing it atomically. */
    public static void write(Path target, KeysetHandle keyset) throws IOException {
        String json;
        try {
            json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot serialise the keyset: " + e.getMessage(), e);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = Files.createTempFile(dir, ".keyset-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Writes {@code keyset} to {@code target} as cleartext JSON, 0600 from the start, unless {@code target}
     * exists: never replaces a keyset, also not one another process (a second replica creating the keyset
     * at the same moment) wrote meanwhile, whose key may already wrap points.
     *
     * @return false if {@code target} existed (it is left as it was)
     */
    public static boolean writeNew(Path target, KeysetHandle keyset) throws IOException {
        String json;
        try {
            json = TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot serialise the keyset: " + e.getMessage(), e);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = Files.createTempFile(dir, ".keyset-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            // link(2) fails if the name exists, atomically: of two creators, one keyset wins and both read it
            Files.createLink(target, tmp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private synchronized KeysetHandle createIfStillMissing() throws KeyUnavailableException {
        try {
            if (!Files.exists(file)) {
                writeNew(file, generate());
            }
            return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file, StandardCharsets.UTF_8),
                    InsecureSecretKeyAccess.get());
        } catch (IOException | GeneralSecurityException e) {
            throw new KeyUnavailableException("cannot create the master keyset " + file + ": " + e.getMessage(), e);
        }
    }

    /** What an operator does about a missing key, for job errors. */
    public static String recommendation() {
        return "Restore the master keyset file (" + RECOMMENDATION_HINT + ", env PGVAULT_MASTER_KEYSET) from where you"
                + " keep it safe, with every key that wrapped the points you need; pgvault never writes or reads"
                + " backups unencrypted instead.";
    }
}
