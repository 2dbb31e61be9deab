package io.pgvault.retention.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.ManifestRef;
import io.pgvault.retention.catalog.RecoveryPointRepository.PointRef;
import io.pgvault.retention.config.StoreConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 store ({@code pgvault.store.kind=s3}) as retention-service sees it: {@code ListObjectsV2} over the
 * prefix for the drift check, {@code DeleteObjects} in batches of 1,000 for purges (a point's manifest
 * first, so it stops being a point before its artifacts go), and the multipart uploads of a purged point
 * aborted. It never needs the keys: it does not read a point. Blocking S3 calls run on a Vert.x worker thread.
 */
@ApplicationScoped
@Typed(S3RecoveryPointStore.class)
public class S3RecoveryPointStore implements RecoveryPointStore {

    private static final Logger LOG = Logger.getLogger(S3RecoveryPointStore.class);
    static final int DELETE_BATCH = 1000;

    private final StoreConfig.S3 settings;
    private final String prefix;
    private final Vertx vertx;
    private final ObjectMapper mapper;
    private S3Client client;

    public S3RecoveryPointStore(StoreConfig config, Vertx vertx, ObjectMapper mapper) {
        this.mapper = mapper;
        this.settings = config.s3();
        String p = settings.prefix().orElse("").strip().replaceAll("^/+", "").replaceAll("/+$", "");
        this.prefix = p.isEmpty() ? "" : p + "/";
        this.vertx = vertx;
    }

    synchronized S3Client s3() {
        if (client == null) {
            client = S3Clients.create(settings);
        }
        return client;
    }

    @PreDestroy
    synchronized void close() {
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

    @Override
    public Uni<List<PointRef>> deletePoints(List<PointRef> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return vertx.executeBlocking(() -> deleteBlocking(points), false);
    }

    @Override
    public Uni<List<StoredPoint>> listPoints() {
        return vertx.executeBlocking(this::scan, false);
    }

    @Override
    public Uni<Map<UUID, StoredManifest>> manifests(List<StoredPoint> points) {
        if (points.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return vertx.executeBlocking(() -> {
            Map<UUID, StoredManifest> found = new LinkedHashMap<>();
            for (StoredPoint point : points) {
                found.put(point.pointId(), readManifest(point));
            }
            return found;
        }, false);
    }

    @Override
    public Uni<byte[]> readReferencedManifest(UUID instanceId, UUID pointId, ManifestRef ref) {
        return vertx.executeBlocking(() -> {
            String key = pointPrefix(instanceId, pointId) + MANIFEST;
            byte[] bytes;
            try {
                bytes = s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket()).key(key).build()).asByteArray();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    throw new ManifestMismatch("recovery point " + pointId + " has no manifest in bucket " + bucket()
                            + " at " + key);
                }
                throw e;
            }
            return RecoveryPointStore.matching(bytes, pointId, ref);
        }, false);
    }

    /** The manifest object (plain JSON: retention-service needs no key to read it; job-service checks its MAC). */
    private StoredManifest readManifest(StoredPoint point) {
        if (point.objects() != null && !point.objects().contains(MANIFEST)) {
            return StoredManifest.absent();
        }
        String key = pointPrefix(point.instanceId(), point.pointId()) + MANIFEST;
        try {
            byte[] bytes = s3().getObjectAsBytes(GetObjectRequest.builder().bucket(bucket()).key(key).build()).asByteArray();
            return StoredManifest.of(bytes, point.instanceId(), point.pointId(), mapper);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return StoredManifest.absent();
            }
            return new StoredManifest(true, null, "the manifest cannot be read from bucket " + bucket() + ": " + e.getMessage());
        } catch (SdkException e) {
            return new StoredManifest(true, null, "the manifest cannot be read from bucket " + bucket() + ": " + e.getMessage());
        }
    }

    private List<PointRef> deleteBlocking(List<PointRef> points) {
        List<PointRef> gone = new ArrayList<>();
        for (PointRef ref : points) {
            try {
                deletePoint(ref.instanceId(), ref.id());
                gone.add(ref);
            } catch (SdkException | IllegalStateException e) {
                LOG.warnf("could not remove %s/%s from bucket %s (%s); it is retried", ref.instanceId(), ref.id(),
                        bucket(), e.getMessage());
            }
        }
        return gone;
    }

    /** Deletes every object of one point and aborts its uploads. Blocks. */
    void deletePoint(UUID instanceId, UUID pointId) {
        String pointPrefix = pointPrefix(instanceId, pointId);
        for (MultipartUpload upload : s3().listMultipartUploads(ListMultipartUploadsRequest.builder().bucket(bucket())
                .prefix(pointPrefix).build()).uploads()) {
            s3().abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket()).key(upload.key())
                    .uploadId(upload.uploadId()).build());
        }
        List<String> keys = new ArrayList<>();
        s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket()).prefix(pointPrefix).build())
                .contents().forEach(o -> keys.add(o.key()));
        keys.sort((a, b) -> Boolean.compare(!a.endsWith("/" + MANIFEST), !b.endsWith("/" + MANIFEST)));
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            DeleteObjectsResponse response = s3().deleteObjects(DeleteObjectsRequest.builder().bucket(bucket())
                    .delete(Delete.builder().objects(batch).quiet(true).build()).build());
            if (response.hasErrors() && !response.errors().isEmpty()) {
                throw new IllegalStateException("cannot delete " + response.errors().get(0).key() + ": "
                        + response.errors().get(0).message());
            }
        }
    }

    /** Every {@code {instanceId}/{pointId}/} prefix with at least one object, with its objects' names. */
    private List<StoredPoint> scan() {
        Map<String, Found> points = new LinkedHashMap<>();
        for (S3Object object : s3().listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket())
                .prefix(prefix).build()).contents()) {
            String[] parts = object.key().substring(prefix.length()).split("/", 3);
            if (parts.length != 3) {
                continue;
            }
            UUID instanceId = uuid(parts[0]);
            UUID pointId = uuid(parts[1]);
            if (instanceId == null || pointId == null) {
                continue;
            }
            Found found = points.computeIfAbsent(parts[0] + "/" + parts[1], k -> new Found(instanceId, pointId));
            found.names.add(parts[2]);
            if (found.modifiedAt == null || object.lastModified().isAfter(found.modifiedAt)) {
                found.modifiedAt = object.lastModified();
            }
        }
        return points.values().stream()
                .map(f -> new StoredPoint(f.instanceId, f.pointId, f.modifiedAt, Set.copyOf(f.names))).toList();
    }

    private static final class Found {
        final UUID instanceId;
        final UUID pointId;
        final Set<String> names = new HashSet<>();
        Instant modifiedAt;

        Found(UUID instanceId, UUID pointId) {
            this.instanceId = instanceId;
            this.pointId = pointId;
        }
    }

    private static UUID uuid(String name) {
        try {
            return UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
