package io.pgvault.retention.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.StoreConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The filesystem recovery-point store ({@code pgvault.store.kind=fs}), as retention-service sees it:
 * {@code {root}/{instanceId}/{pointId}/}.
 * What touches the disk runs on a Vert.x worker thread and answers on the caller's context (so a
 * Hibernate Reactive session stays on its thread).
 */
@ApplicationScoped
@Typed(FileSystemRecoveryPointStore.class)
public class FileSystemRecoveryPointStore implements RecoveryPointStore {

    private static final Logger LOG = Logger.getLogger(FileSystemRecoveryPointStore.class);

    private final Path root;
    private final Vertx vertx;
    private final ObjectMapper mapper;

    public FileSystemRecoveryPointStore(StoreConfig config, Vertx vertx, ObjectMapper mapper) {
        this.root = Paths.get(config.root()).toAbsolutePath().normalize();
        this.vertx = vertx;
        this.mapper = mapper;
    }

    @Override
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

    @Override
    public Uni<byte[]> readReferencedManifest(UUID instanceId, UUID pointId, ManifestRef ref) {
        return vertx.executeBlocking(() -> {
            Path file = directoryOf(instanceId, pointId).resolve(MANIFEST);
            if (!Files.isRegularFile(file)) {
                throw new ManifestMismatch("recovery point " + pointId + " has no manifest in the store at " + instanceId
                        + "/" + pointId + "/" + MANIFEST);
            }
            return RecoveryPointStore.matching(Files.readAllBytes(file), pointId, ref);
        }, false);
    }

    private StoredManifest readManifest(UUID instanceId, UUID pointId) {
        Path file = directoryOf(instanceId, pointId).resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return StoredManifest.absent();
        }
        try {
            return StoredManifest.of(Files.readAllBytes(file), instanceId, pointId, mapper);
        } catch (IOException e) {
            return new StoredManifest(true, null, "the manifest cannot be read: " + e.getMessage());
        }
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
    @Override
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

    /** Every point directory in the store; names that are not UUIDs, or start with ".", are skipped. */
    @Override
    public Uni<List<StoredPoint>> listPoints() {
        return vertx.executeBlocking(this::scan, false);
    }

    /**
     * Removes a point's directory and everything in it; a directory that is already gone is fine.
     * Blocks.
     *
     * @throws UncheckedIOException if something could not be removed (the point stays for a retry)
     */
    public void deletePoint(UUID instanceId, UUID pointId) {
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
                                    Files.getLastModifiedTime(pointDir).toInstant(), names(pointDir)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static java.util.Set<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        }
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
