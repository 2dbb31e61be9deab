package io.pgvault.job.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A stream into one S3 object, uploaded in parts as it is written: it holds one part in memory (the
 * part size, 8 MiB by default), never the object. An object smaller than one part is one PUT. Closing it
 * completes the upload; {@link #abort()} gives it up, and S3 keeps none of its parts.
 */
final class MultipartUpload extends OutputStream {

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private String uploadId;
    private boolean closed;

    MultipartUpload(S3Client s3, String bucket, String key, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partSize];
    }

    /** The object's key. */
    String key() {
        return key;
    }

    @Override
    public void write(int b) throws IOException {
        if (filled == part.length) {
            uploadPart();
        }
        part[filled++] = (byte) b;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        while (length > 0) {
            if (filled == part.length) {
                uploadPart();
            }
            int n = Math.min(length, part.length - filled);
            System.arraycopy(buffer, offset, part, filled, n);
            filled += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (uploadId == null) {
                s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(CONTENT_TYPE).build(),
                        body(filled));
                return;
            }
            if (filled > 0) {
                uploadPart();
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
            uploadId = null;
        } catch (SdkException e) {
            abort();
            throw new IOException("cannot store " + key + ": " + e.getMessage(), e);
        }
    }

    /** Gives the upload up: its parts are removed from the store. Never throws. */
    void abort() {
        closed = true;
        String id = uploadId;
        uploadId = null;
        if (id != null) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(id).build());
            } catch (SdkException e) {
                // The store's lifecycle or the next discard of this point removes it.
            }
        }
    }

    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .contentType(CONTENT_TYPE).build()).uploadId();
            }
            int number = parts.size() + 1;
            String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .partNumber(number).contentLength((long) filled).build(), body(filled)).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        } catch (SdkException e) {
            abort();
            throw new IOException("cannot upload part " + (parts.size() + 1) + " of " + key + ": " + e.getMessage(), e);
        }
    }

    /** The buffered bytes as a request body, read in place (no copy), again on a retry. */
    private RequestBody body(int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, length), length, CONTENT_TYPE);
    }
}
