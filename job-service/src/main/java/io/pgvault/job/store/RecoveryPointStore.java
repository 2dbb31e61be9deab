package io.pgvault.job.store;

import io.pgvault.contracts.common.RecoveryPointManifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Where recovery points live: {@code {instanceId}/{recoveryPointId}/} with {@code manifest.json} and
 * the artifacts. A point is written as a partial point and becomes visible, whole, when committed.
 * Blocking: call from worker threads only.
 */
public interface RecoveryPointStore {

    /** Starts writing a point; nothing is visible to readers until {@link PartialPoint#commit}. */
    PartialPoint begin(UUID instanceId, UUID recoveryPointId) throws IOException;

    /** Removes the partial point of a job that died; no-op if there is none. */
    void discardPartial(UUID instanceId, UUID recoveryPointId) throws IOException;

    /** Removes a committed point (a backup cancelled at the very moment it completed). */
    void delete(UUID instanceId, UUID recoveryPointId) throws IOException;

    /** A committed point, or empty if the store has none by that id. */
    Optional<StoredPoint> open(UUID instanceId, UUID recoveryPointId) throws IOException;

    /** A point being written. */
    interface PartialPoint {

        /** A new artifact; its bytes and SHA-256 are known once the stream is closed. */
        ArtifactOutput create(String artifactName) throws IOException;

        /**
         * Writes the manifest, last, which makes the point visible.
         *
         * @return the SHA-256 of the manifest as stored, the digest the catalog keeps
         */
        String commit(RecoveryPointManifest manifest) throws IOException;

        /** Removes everything written so far. */
        void discard();
    }

    /** A committed point. */
    interface StoredPoint {

        RecoveryPointManifest manifest();

        /** Reads one artifact named in the manifest, as it was written (decrypted). */
        InputStream read(String artifactName) throws IOException;

        /** The manifest file as stored. */
        InputStream readManifest() throws IOException;

        /** The SHA-256 of the manifest as stored (lowercase hex), to compare with the catalog's. */
        String manifestSha256() throws IOException;

        /** Whether the artifacts are stored encrypted ({@link #read} decrypts them). */
        default boolean encrypted() {
            return false;
        }

        /** An artifact as stored: the ciphertext of an encrypted point. */
        default InputStream readStored(String artifactName) throws IOException {
            return read(artifactName);
        }

        /** The point's {@link Envelope} as stored; empty when it is not encrypted. */
        default Optional<byte[]> envelope() throws IOException {
            return Optional.empty();
        }
    }
}
