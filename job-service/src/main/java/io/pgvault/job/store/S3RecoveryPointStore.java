package io.pgvault.job.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.crypto.tink.Aead;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.job.config.StoreConfig;
import io.pgvault.job.keys.MasterKeys;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The store in an S3 bucket, encrypted: {@code {prefix}/{instanceId}/{pointId}/} holds the artifacts
 * (Tink streaming-AEAD ciphertext under the point's own data key), then {@value Envelope#OBJECT} (the data
 * and MAC keys wrapped by the master key, and the manifest's MAC), then, last, {@code manifest.json}: a
 * prefix without a manifest is not a point. Each artifact streams pg_dump → zstd → encryption → multipart
 * upload in one pass, two parts (2 × 8 MiB by default) in memory: one filling, one uploading. Blocking:
 * call from worker threads only.
 */
@ApplicationScoped
@Typed(S3RecoveryPointStore.class)
public class S3RecoveryPointStore implements RecoveryPointStore {

    private static final int DELETE_BATCH = 1000;

    private final StoreConfig.S3 settings;
    private final MasterKeys masterKeys;
    private final ObjectMapper mapper;
    private final String prefix;
    private final int partSize;
    private S3Client client;
    /** Uploads parts while the next one fills; daemon threads, made as needed, gone when idle. */
    private final java.util.concurrent.ExecutorService partUploads = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "pgvault-s3-upload");
        thread.setDaemon(true);
        return thread;
    });

    public S3RecoveryPointStore(StoreConfig config, MasterKeys masterKeys, ObjectMapper mapper) {
        this.settings = config.s3();
        this.masterKeys = masterKeys;
        this.mapper = mapper.copy().enable(SerializationFeature.INDENT_OUTPUT);
        this.prefix = normalisedPrefix(settings.prefix().orElse(""));
        int mib = settings.partSizeMib();
        if (mib < 5 || mib > 512) {
            throw new IllegalArgumentException("pgvault.store.s3.part-size-mib must be 5 to 512, not " + mib);
        }
        this.partSize = mib * 1024 * 1024;
    }

    /** {@code ""} or {@code "a/b/"}. */
    static String normalisedPrefix(String prefix) {
        String p = prefix.strip().replaceAll("^/+", "").replaceAll("/+$", "");
        return p.isEmpty() ? "" : p + "/";
    }

    /** The client, made on first use (a service on the fs store never opens one). */
    synchronized S3Client s3() {
        if (client == null) {
            client = S3Clients.create(settings);
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
        partUploads.shutdownNow();
        if (client != null) {
            client.close();
        }
    }

    /** The bucket. */
    public String bucket() {
        return settings.bucket();
    }

    /** The key prefix of a point's objects. */
    public String pointPrefix(UUID instanceId, UUID pointId) {
        return prefix + instanceId + "/" + pointId + "/";
    }

    /** The key of one object of a point. */
    public String key(UUID instanceId, UUID pointId, String name) {
        return pointPrefix(instanceId, pointId) + name;
    }

    @Override
    public PartialPoint begin(UUID instanceId, UUID recoveryPointId) throws IOException {
        String manifestKey = key(instanceId, recoveryPointId, FileSystemRecoveryPointStore.MANIFEST);
        if (exists(manifestKey)) {
            throw new FileAlreadyExistsException(manifestKey);
        }
        // Keys first: without a master key nothing is written at all, least of all in plaintext.
        Envelope envelope = Envelope.create(recoveryPointId, masterKeys.aead());
        discardPartial(instanceId, recoveryPointId);
        return new S3PartialPoint(instanceId, recoveryPointId, envelope);
    }

    @Override
    public void discardPartial(UUID instanceId, UUID recoveryPointId) throws IOException {
        String pointPrefix = pointPrefix(instanceId, recoveryPointId);
        abortUploads(pointPrefix);
        if (!exists(pointPrefix + FileSystemRecoveryPointStore.MANIFEST)) {
            deleteUnder(pointPrefix);
        }
    }

    @Override
    public void delete(UUID instanceId, UUID recoveryPointId) throws IOException {
        String pointPrefix = pointPrefix(instanceId, recoveryPointId);
        abortUploads(pointPrefix);
        deleteUnder(pointPrefix);
    }

    @Override
    public Optional<StoredPoint> open(UUID instanceId, UUID recoveryPointId) throws IOException {
        String pointPrefix = pointPrefix(instanceId, recoveryPointId);
        Optional<byte[]> manifestBytes = get(pointPrefix + FileSystemRecoveryPointStore.MANIFEST);
        if (manifestBytes.isEmpty()) {
            return Optional.empty();
        }
        String envelopeKey = pointPrefix + Envelope.OBJECT;
        byte[] envelopeBytes = get(envelopeKey).orElseThrow(() -> new IntegrityViolationException(envelopeKey,
                "recovery point " + recoveryPointId + " has a manifest but no " + Envelope.OBJECT + " (" + envelopeKey + ")"));
        Aead master = masterKeys.aead();
        Envelope envelope = Envelope.parse(recoveryPointId, envelopeBytes, master, masterKeys.keyIds(), mapper);
        String manifestKey = pointPrefix + FileSystemRecoveryPointStore.MANIFEST;
        envelope.verifyManifest(manifestBytes.get(), manifestKey);
        RecoveryPointManifest manifest = mapper.readValue(manifestBytes.get(), RecoveryPointManifest.class);
        return Optional.of(new S3StoredPoint(instanceId, recoveryPointId, manifest, manifestBytes.get(), envelopeBytes,
                envelope));
    }

    /**
     * Wraps every point's data key with the master keyset's primary key, without touching the data: after a
     * rotation, the older master keys can then be retired. Points already wrapped with the primary are skipped.
     */
    public RewrapReport rewrapAll() throws IOException {
        Aead master = masterKeys.aead();
        int primary = masterKeys.primaryKeyId();
        int rewrapped = 0;
        int current = 0;
        List<String> failed = new ArrayList<>();
        for (S3Object object : list(prefix)) {
            if (!object.key().endsWith("/" + Envelope.OBJECT)) {
                continue;
            }
            UUID pointId = pointIdOf(object.key());
            if (pointId == null) {
                continue;
            }
            try {
                byte[] stored = get(object.key()).orElse(null);
                if (stored == null) {
                    continue;
                }
                Envelope envelope = Envelope.parse(pointId, stored, master, masterKeys.keyIds(), mapper);
                if (envelope.wrappingKeyId(mapper) == primary) {
                    current++;
                    continue;
                }
                envelope.wrap(master);
                put(object.key(), envelope.toBytes(mapper));
                rewrapped++;
            } catch (IOException e) {
                Log.warnf("could not re-wrap the data key of %s: %s", object.key(), e.getMessage());
                failed.add(object.key());
            }
        }
        return new RewrapReport(primary, rewrapped, current, failed);
    }

    /**
     * What a re-wrap did.
     *
     * @param primaryKeyId the master key now wrapping every point
     * @param rewrapped    points whose data key was wrapped again
     * @param current      points already wrapped with the primary
     * @param failed       envelopes that could not be opened (their key id is named in the log)
     */
    public record RewrapReport(int primaryKeyId, int rewrapped, int current, List<String> failed) {
    }

    private UUID pointIdOf(String key) {
        String[] parts = key.substring(prefix.length()).split("/");
        if (parts.length != 3) {
            return null;
        }
        try {
            return UUID.fromString(parts[1]);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---- S3 calls ------------------------------------------------------------------------------

    private boolean exists(String key) throws IOException {
        try {
            s3().headObject(HeadObjectRequest.builder().bucket(bucket()).key(key).build());
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw storeFailure("look up " + key, e);
        } catch (SdkException e) {
            throw storeFailure("look up " + key, e);
        }
    }

    Optional<byte[]> get(String key) throws IOException {
        try {
            return Optional.of(s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket()).key(key).build())
                    .asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw storeFailure("read " + key, e);
        } catch (SdkException e) {
            throw storeFailure("read " + key, e);
        }
    }

    private InputStream stream(String key) throws IOException {
        try {
            return s3().getObject(GetObjectRequest.builder().bucket(bucket()).key(key).build());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new IntegrityViolationException(key, "object " + key + " is missing from the store");
            }
            throw storeFailure("read " + key, e);
        } catch (SdkException e) {
            throw storeFailure("read " + key, e);
        }
    }

    private void put(String key, byte[] bytes) throws IOException {
        try {
            s3().putObject(PutObjectRequest.builder().bucket(bucket()).key(key).contentType("application/octet-stream")
                    .build(), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw storeFailure("write " + key, e);
        }
    }

    private List<S3Object> list(String keyPrefix) throws IOException {
        try {
            List<S3Object> objects = new ArrayList<>();
            s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket()).prefix(keyPrefix).build())
                    .contents().forEach(objects::add);
            return objects;
        } catch (SdkException e) {
            throw storeFailure("list " + keyPrefix, e);
        }
    }

    /** Deletes every object under {@code keyPrefix}, the manifest first (the point is gone before its parts). */
    private void deleteUnder(String keyPrefix) throws IOException {
        List<String> keys = new ArrayList<>(list(keyPrefix).stream().map(S3Object::key).toList());
        keys.sort((a, b) -> Boolean.compare(!a.endsWith("/" + FileSystemRecoveryPointStore.MANIFEST),
                !b.endsWith("/" + FileSystemRecoveryPointStore.MANIFEST)));
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            try {
                DeleteObjectsResponse response = s3().deleteObjects(DeleteObjectsRequest.builder().bucket(bucket())
                        .delete(Delete.builder().objects(batch).quiet(true).build()).build());
                if (response.hasErrors() && !response.errors().isEmpty()) {
                    throw new IOException("cannot delete " + response.errors().get(0).key() + ": "
                            + response.errors().get(0).message());
                }
            } catch (SdkException e) {
                throw storeFailure("delete under " + keyPrefix, e);
            }
        }
    }

    /** Aborts the multipart uploads under {@code keyPrefix}: a crashed or cancelled job's parts. */
    private void abortUploads(String keyPrefix) throws IOException {
        try {
            ListMultipartUploadsResponse uploads = s3().listMultipartUploads(ListMultipartUploadsRequest.builder()
                    .bucket(bucket()).prefix(keyPrefix).build());
            for (MultipartUpload upload : uploads.uploads()) {
                s3().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket()).key(upload.key())
                        .uploadId(upload.uploadId()).build());
            }
        } catch (SdkException e) {
            throw storeFailure("abort the uploads under " + keyPrefix, e);
        }
    }

    private static IOException storeFailure(String what, SdkException e) {
        return new IOException("the S3 store failed to " + what + ": " + e.getMessage(), e);
    }

    // ---- points --------------------------------------------------------------------------------

    private final class S3PartialPoint implements PartialPoint {
        private final UUID instanceId;
        private final UUID pointId;
        private final Envelope envelope;
        // Artifacts may be created from several threads (a backup's concurrent dumps).
        private final List<io.pgvault.job.store.MultipartUpload> uploads =
                java.util.Collections.synchronizedList(new ArrayList<>());

        S3PartialPoint(UUID instanceId, UUID pointId, Envelope envelope) {
            this.instanceId = instanceId;
            this.pointId = pointId;
            this.envelope = envelope;
        }

        @Override
        public ArtifactOutput create(String artifactName) throws IOException {
            if (!isArtifactName(artifactName)) {
                throw new IllegalArgumentException("not an artifact name: " + artifactName);
            }
            io.pgvault.job.store.MultipartUpload upload = new io.pgvault.job.store.MultipartUpload(s3(), bucket(),
                    key(instanceId, pointId, artifactName), partSize, partUploads);
            uploads.add(upload);
            return ArtifactOutput.into(envelope.encrypt(upload, artifactName));
        }

        @Override
        public String commit(RecoveryPointManifest manifest) throws IOException {
            byte[] bytes = mapper.writeValueAsBytes(manifest);
            envelope.signManifest(bytes);
            put(key(instanceId, pointId, Envelope.OBJECT), envelope.toBytes(mapper));
            put(key(instanceId, pointId, FileSystemRecoveryPointStore.MANIFEST), bytes);
            return FileSystemRecoveryPointStore.sha256(bytes);
        }

        @Override
        public void discard() {
            uploads.forEach(io.pgvault.job.store.MultipartUpload::abort);
            try {
                delete(instanceId, pointId);
            } catch (IOException e) {
                throw new IllegalStateException("cannot remove " + pointPrefix(instanceId, pointId) + ": " + e.getMessage(), e);
            }
        }
    }

    /** Artifact names are ours; the envelope's and the manifest's names are not artifacts. */
    static boolean isArtifactName(String name) {
        return FileSystemRecoveryPointStore.isArtifactName(name) && !Envelope.OBJECT.equals(name);
    }

    private final class S3StoredPoint implements StoredPoint {
        private final UUID instanceId;
        private final UUID pointId;
        private final RecoveryPointManifest manifest;
        private final byte[] manifestBytes;
        private final byte[] envelopeBytes;
        private final Envelope envelope;

        S3StoredPoint(UUID instanceId, UUID pointId, RecoveryPointManifest manifest, byte[] manifestBytes,
                byte[] envelopeBytes, Envelope envelope) {
            this.instanceId = instanceId;
            this.pointId = pointId;
            this.manifest = manifest;
            this.manifestBytes = manifestBytes;
            this.envelopeBytes = envelopeBytes;
            this.envelope = envelope;
        }

        @Override
        public RecoveryPointManifest manifest() {
            return manifest;
        }

        @Override
        public InputStream read(String artifactName) throws IOException {
            String key = key(instanceId, pointId, checked(artifactName));
            return new Authenticated(envelope.decrypt(stream(key), artifactName), key);
        }

        @Override
        public InputStream readStored(String artifactName) throws IOException {
            return stream(key(instanceId, pointId, checked(artifactName)));
        }

        @Override
        public InputStream readManifest() {
            return new ByteArrayInputStream(manifestBytes);
        }

        @Override
        public String manifestSha256() {
            return FileSystemRecoveryPointStore.sha256(manifestBytes);
        }

        @Override
        public boolean encrypted() {
            return true;
        }

        @Override
        public Optional<byte[]> envelope() {
            return Optional.of(envelopeBytes.clone());
        }

        private String checked(String artifactName) throws IOException {
            if (!isArtifactName(artifactName)) {
                throw new IOException("not an artifact name: " + artifactName);
            }
            return artifactName;
        }
    }

    /** A decrypting stream whose failure to authenticate is an integrity violation naming the object. */
    private static final class Authenticated extends FilterInputStream {
        private final String key;

        Authenticated(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IntegrityViolationException e) {
                throw e;
            } catch (IOException e) {
                throw violation(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IntegrityViolationException e) {
                throw e;
            } catch (IOException e) {
                throw violation(e);
            }
        }

        private IOException violation(IOException e) {
            if (e.getCause() instanceof SdkException || e instanceof java.net.SocketException
                    || e instanceof java.io.InterruptedIOException) {
                return e; // the connection, not the data
            }
            return new IntegrityViolationException(key, "object " + key + " does not decrypt and authenticate under"
                    + " its point's data key (" + e.getMessage() + "): it was changed, moved or renamed", e);
        }
    }
}
