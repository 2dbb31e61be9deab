package io.pgvault.retention.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The recovery-point store as retention-service sees it: points it lists, deletes, and whose manifests it
 * reads (never an artifact). A point is {@code {instanceId}/{pointId}/} in a filesystem ({@code fs}) or under a
 * key prefix in an S3 bucket ({@code s3}); {@code pgvault.store.kind} chooses ({@link StoreProducer}). Answers
 * on the caller's context.
 */
public interface RecoveryPointStore {

    /** The file a complete point has, written last: a point without it is an incomplete upload. */
    String MANIFEST = "manifest.json";

    /**
     * Removes every object of {@code points}, each on its own: one that cannot be removed is logged and
     * left for the next run. Answers the points that are gone.
     */
    Uni<List<PointRef>> deletePoints(List<PointRef> points);

    /** Every point in the store, complete or not (a point without its manifest is a crashed backup's leftover). */
    Uni<List<StoredPoint>> listPoints();

    /**
     * The manifest of each of {@code points}: {@link StoredManifest#absent} when the point has none (an upload
     * that never completed), else the manifest read, or why it cannot be used.
     */
    Uni<Map<UUID, StoredManifest>> manifests(List<StoredPoint> points);

    /**
     * The bytes of a committed point's {@code manifest.json}, read on a worker thread, if they are exactly
     * the ones {@code ref} describes (size and SHA-256); resolved from the point's ids, never from the
     * reference's location text.
     *
     * @throws ManifestMismatch (as the Uni's failure) if the manifest is missing or differs from the reference
     */
    Uni<byte[]> readReferencedManifest(UUID instanceId, UUID pointId, ManifestRef ref);

    /** Checks manifest bytes read from the store against their reference. */
    static byte[] matching(byte[] bytes, UUID pointId, ManifestRef ref) {
        String sha256;
        try {
            sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        if (bytes.length != ref.bytes() || !sha256.equalsIgnoreCase(ref.sha256())) {
            throw new ManifestMismatch("the stored manifest of recovery point " + pointId + " has SHA-256 " + sha256
                    + " (" + bytes.length + " bytes); JobSucceeded says " + ref.sha256() + " (" + ref.bytes()
                    + " bytes)");
        }
        return bytes;
    }

    /** A manifest by reference that the store does not hold as referenced: the message is not acted on. */
    final class ManifestMismatch extends IllegalStateException {
        public ManifestMismatch(String message) {
            super(message);
        }
    }

    /**
     * A point found in the store.
     *
     * @param instanceId its instance
     * @param pointId    the point
     * @param modifiedAt its newest object's last modification
     * @param objects    the names of its objects ({@code manifest.json}, the artifacts, ...); null when unknown
     */
    record StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt, Set<String> objects) {

        public StoredPoint(UUID instanceId, UUID pointId, Instant modifiedAt) {
            this(instanceId, pointId, modifiedAt, null);
        }
    }

    /**
     * What the store holds as a point's manifest.
     *
     * @param present  whether the point has a manifest
     * @param manifest the manifest, when it is readable and names this point and instance
     * @param problem  why a present manifest cannot be used, else null
     */
    record StoredManifest(boolean present, RecoveryPointManifest manifest, String problem) {

        static StoredManifest absent() {
            return new StoredManifest(false, null, null);
        }

        /** A manifest that is there and can rebuild the catalog entry. */
        public boolean valid() {
            return manifest != null;
        }

        /** The manifest as stored ({@code bytes}), checked against the point it was found at. */
        static StoredManifest of(byte[] bytes, UUID instanceId, UUID pointId, ObjectMapper mapper) {
            RecoveryPointManifest manifest;
            try {
                manifest = mapper.readValue(bytes, RecoveryPointManifest.class);
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
    }
}
