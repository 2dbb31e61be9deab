package io.pgvault.retention.store;

import io.pgvault.contracts.common.ManifestRef;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.StoreConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The filesystem recovery-point store, as retention-service sees it: {@code {root}/{instanceId}/{pointId}/}.
 * What touches the disk runs on a Vert.x worker thread and answers on the caller's context (so a
 * Hibernate Reactive session stays on its thread).
 */
@ApplicationScoped
public class RecoveryPointStore {

    private static final Logger LOG = Logger.getLogger(RecoveryPointStore.class);

    /** The file a complete point has, written last: a point directory without it is an incomplete upload. */
    public static final String MANIFEST = "manifest.json";

    private final Path root;
    private final Vertx vertx;
    private final ObjectMapper mapper;

    public RecoveryPointStore(StoreConfig config, Vertx vertx, ObjectMapper mapper) {
        this.root = Paths.get(config.root()).toAbsolutePath().normalize();
        this.vertx = vertx;
        this.mapper = mapper;
    }

    /**
     * The manifest of each of {@code points}: {@link StoredManifest#absent} when the point has none (an upload
     * that never completed), else the manifest read, or why it cannot be used.
     */
    public Uni<Map<UUID, StoredManifest>> manifests(List<StoredPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return vertx.executeBlocking(() -> {
            Map<UUID, StoredManifest> found = new LinkedHashMap<>();
            for (StoredPoint point : points) {
                found.put(point.pointId(), readManifest(point.instanceId(), point.pointId()));
            }
            return found;
        }, false);
    }

    /**
     * What the store holds as a point's manifest.
     *
     * @param present  whether the point has a manifest file
     * @param manifest the manifest, when it is readable and names this point and instance
     * @param problem  why a present manifest cannot be used, else null
     */
    public record StoredManifest(boolean present, RecoveryPointManifest manifest, String problem) {

        static StoredManifest absent() {
            return new StoredManifest(false, null, null);
        }

        /** A manifest that is there and can rebuild the catalog entry. */
        public boolean valid() {
            return manifest != null;
        }
    }

    private StoredManifest readManifest(UUID instanceId, UUID pointId) {
        Path file = directoryOf(instanceId, pointId).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return StoredManifest.absent();
        }
        RecoveryPointManifest manifest;
        try {
            manifest = mapper.readValue(file.toFile(), RecoveryPointManifest.class);
        } catch (IOException e) {
            return new StoredManifest(true, null, "the manifest cannot be read: " + e.getMessage());
        }
        if (!pointId.equals(manifest.recoveryPointId()) || !instanceId.equals(manifest.instanceId())) {
            return new StoredManifest(true, null, "the manifest names point " + manifest.recoveryPointId()
                    + " of instance " + manifest.instanceId() + ", not this directory's");
        }
        if (manifest.artifacts() == null || manifest.artifacts().isEmpty() || manifest.finishedAt() == null) {
            return new StoredManifest(true, null, "the manifest lists no artifacts or no finishing time");
        }
        return new StoredManifest(true, manifest, null);
    }

    public Path root() {
        return root;
    }

    /** The directory of a point; ids are UUIDs, so the path never carries user-controlled text. */
    public Path directoryOf(UUID instanceId, UUID pointId) {
        return root.resolve(instanceId.toString()).resolve(pointId.toString());
    }

    /**
     * Removes the directories of {@code points}, each on its own: one that cannot be removed is
     * logged and left for the next run. Answers the points whose directory is gone.
     */
    public Uni<List<PointRef>> deletePoints(List<PointRef> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return vertx.executeBlocking(() -> points.stream().filter(ref -> {
            try {
                deletePoint(ref.instanceId(), ref.id());
                return true;
            } catch (RuntimeException e) {
                LOG.warnf("could not remove %s/%s (%s); it is retried", ref.instanceId(), ref.id(), e.getMessage());
                return false;
            }
        }).toList(), false);
    }

    /**
     * The bytes of a committed point's {@code manifest.json}, read on a worker thread, if they are exactly
     * the ones {@code ref} describes (size and SHA-256); resolved from the point's ids, never from the
     * reference's location text.
     *
     * @throws ManifestMismatch (as the Uni's failure) if the manifest is missing or differs from the reference
     */
    public Uni<byte[]> readReferencedManifest(UUID instanceId, UUID pointId, ManifestRef ref) {
        return vertx.executeBlocking(() -> {
            Path file = directoryOf(instanceId, pointId).resolve(MANIFEST);
            if (!Files.isRegularFile(file)) {
                throw new ManifestMismatch("recovery point " + pointId + " has no manifest in the store at " + instanceId
                        + "/" + pointId + "/" + MANIFEST);
            }
            byte[] bytes = Files.readAllBytes(file);
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            if (bytes.length != ref.bytes() || !sha256.equalsIgnoreCase(ref.sha256())) {
                throw new ManifestMismatch("the stored manifest of recovery point " + pointId + " has SHA-256 " + sha256
                        + " (" + bytes.length + " bytes); JobSucceeded says " + ref.sha256() + " (" + ref.bytes()
                        + " bytes)");
            }
            return bytes;
        }, false);
    }

    /** A manifest by reference that the store does not hold as referenced: the message is not acted on. */
    public static final class ManifestMismatch extends IllegalStateException {
        ManifestMismatch(String message) {
            super(message);
        }
    }

    /** Every point directory in the store; names that are not UUIDs, or start with ".", are skipped. */
    public Uni<List<StoredPoint>> listPoints() {
        return vertx.executeBlocking(this::scan, false);
    }

    /**
     * Removes a point's directory and everything in it; a directory that is already gone is fine.
     * Blocks.
     *
     * @throws UncheckedIOException if something could not be removed (the point stays for a retry)
     */
    void deletePoint(UUID instanceId, UUID pointId) {
        Path dir = directoryOf(instanceId, pointId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path path : paths) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A point directory found in the store.
     *
     * @param instanceId its instance (the parent directory's name)
     * @param pointId    the point (the directory's name)
     * @param modifiedAt the directory's last modification
     */
    public record StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt) {
    }

    private List<StoredPoint> scan() {
        List<StoredPoint> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path instanceDir : instances) {
                UUID instanceId = uuid(instanceDir.getFileName().toString());
                if (instanceId == null) {
                    continue;
                }
                try (DirectoryStream<Path> points = Files.newDirectoryStream(instanceDir, Files::isDirectory)) {
                    for (Path pointDir : points) {
                        UUID pointId = uuid(pointDir.getFileName().toString());
                        if (pointId != null) {
                            found.add(new StoredPoint(instanceId, pointId,
                                    Files.getLastModifiedTime(pointDir).toInstant()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static UUID uuid(String name) {
        if (name.startsWith(".")) {
            return null;
        }
        try {
            return UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
