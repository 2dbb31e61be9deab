package io.pgvault.retention.store;

import io.pgvault.retention.config.StoreConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The filesystem recovery-point store, as retention-service sees it: {@code {root}/{instanceId}/{pointId}/}.
 * Every method blocks; callers run them on worker threads.
 */
@ApplicationScoped
public class RecoveryPointStore {

    private final Path root;

    public RecoveryPointStore(StoreConfig config) {
        this.root = Paths.get(config.root()).toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The directory of a point; ids are UUIDs, so the path never carries user-controlled text. */
    public Path directoryOf(UUID instanceId, UUID pointId) {
        return root.resolve(instanceId.toString()).resolve(pointId.toString());
    }

    public boolean exists(UUID instanceId, UUID pointId) {
        return Files.isDirectory(directoryOf(instanceId, pointId));
    }

    /**
     * Removes a point's directory and everything in it; a directory that is already gone is fine.
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

    /**
     * A point directory found in the store.
     *
     * @param instanceId its instance (the parent directory's name)
     * @param pointId    the point (the directory's name)
     * @param modifiedAt the directory's last modification
     */
    public record StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt) {
    }

    /** Removes the directory of a point that has no catalog entry. */
    public void deleteOrphan(StoredPoint orphan) {
        deletePoint(orphan.instanceId(), orphan.pointId());
    }

    /** Every point directory in the store; names that are not UUIDs, or start with ".", are skipped. */
    public List<StoredPoint> listPoints() {
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
