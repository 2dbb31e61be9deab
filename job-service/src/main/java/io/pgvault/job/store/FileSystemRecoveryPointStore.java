package io.pgvault.job.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.job.config.JobConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The store on a (shared) filesystem under {@code pgvault.job.store-root}. A point is written under
 * {@code {instanceId}/.partial-{pointId}/} and renamed to {@code {instanceId}/{pointId}/} once its
 * manifest is on disk; directories starting with "." are never points. Every directory it creates is
 * 0700 and every file 0600 ({@link OwnerOnly}): a point holds whole databases.
 */
@ApplicationScoped
@Typed(FileSystemRecoveryPointStore.class)
public class FileSystemRecoveryPointStore implements RecoveryPointStore {

    public static final String MANIFEST = "manifest.json";
    static final String PARTIAL_PREFIX = ".partial-";
    /** Artifact names are ours (never user text); anything else in a manifest is refused. */
    private static final Pattern ARTIFACT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final Path root;
    private final ObjectMapper mapper;

    public FileSystemRecoveryPointStore(JobConfig config, ObjectMapper mapper) {
        this.root = Path.of(config.storeRoot()).toAbsolutePath().normalize();
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** The directory of a committed point. */
    public Path pointDirectory(UUID instanceId, UUID recoveryPointId) {
        return root.resolve(instanceId.toString()).resolve(recoveryPointId.toString());
    }

    /** The directory of a point being written. */
    public Path partialDirectory(UUID instanceId, UUID recoveryPointId) {
        return root.resolve(instanceId.toString()).resolve(PARTIAL_PREFIX + recoveryPointId);
    }

    /** Whether {@code name} may name an artifact. */
    public static boolean isArtifactName(String name) {
        return name != null && ARTIFACT_NAME.matcher(name).matches() && !name.equals(MANIFEST);
    }

    @Override
    public PartialPoint begin(UUID instanceId, UUID recoveryPointId) throws IOException {
        Path partial = partialDirectory(instanceId, recoveryPointId);
        Path finalDir = pointDirectory(instanceId, recoveryPointId);
        if (Files.exists(finalDir)) {
            throw new FileAlreadyExistsException(finalDir.toString());
        }
        deleteTree(partial);
        OwnerOnly.createDirectories(partial);
        return new FsPartialPoint(partial, finalDir);
    }

    @Override
    public void discardPartial(UUID instanceId, UUID recoveryPointId) throws IOException {
        deleteTree(partialDirectory(instanceId, recoveryPointId));
    }

    @Override
    public void delete(UUID instanceId, UUID recoveryPointId) throws IOException {
        deleteTree(pointDirectory(instanceId, recoveryPointId));
    }

    @Override
    public Optional<StoredPoint> open(UUID instanceId, UUID recoveryPointId) throws IOException {
        Path dir = pointDirectory(instanceId, recoveryPointId);
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        RecoveryPointManifest manifest = mapper.readValue(manifestFile.toFile(), RecoveryPointManifest.class);
        return Optional.of(new StoredPoint() {
            @Override
            public RecoveryPointManifest manifest() {
                return manifest;
            }

            @Override
            public InputStream read(String artifactName) throws IOException {
                if (!isArtifactName(artifactName)) {
                    throw new IOException("not an artifact name: " + artifactName);
                }
                return Files.newInputStream(dir.resolve(artifactName));
            }

            @Override
            public InputStream readManifest() throws IOException {
                return Files.newInputStream(manifestFile);
            }

            @Override
            public String manifestSha256() throws IOException {
                return sha256(Files.readAllBytes(manifestFile));
            }
        });
    }

    static String sha256(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(ArtifactOutput.newSha256().digest(bytes));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private final class FsPartialPoint implements PartialPoint {

        private final Path partial;
        private final Path finalDir;

        FsPartialPoint(Path partial, Path finalDir) {
            this.partial = partial;
            this.finalDir = finalDir;
        }

        @Override
        public ArtifactOutput create(String artifactName) throws IOException {
            if (!isArtifactName(artifactName)) {
                throw new IllegalArgumentException("not an artifact name: " + artifactName);
            }
            return new ArtifactOutput(OwnerOnly.newFile(partial.resolve(artifactName)));
        }

        @Override
        public String commit(RecoveryPointManifest manifest) throws IOException {
            byte[] bytes = mapper.writeValueAsBytes(manifest);
            try (FileOutputStream out = OwnerOnly.newFile(partial.resolve(MANIFEST))) {
                out.write(bytes);
                out.getFD().sync();
            }
            Fsync.directory(partial);
            Files.move(partial, finalDir, StandardCopyOption.ATOMIC_MOVE);
            // The point exists once its instance directory, which holds the rename, is synced.
            Fsync.directory(finalDir.getParent());
            return sha256(bytes);
        }

        @Override
        public void discard() {
            try {
                deleteTree(partial);
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + partial + ": " + e.getMessage(), e);
            }
        }
    }
}
