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
 * A stream into one S3 object, uploaded in parts as it is written: while one part uploads (on the store's
 * upload threads) the next one fills, so pg_dump, zstd and the encryption never wait for the network but for
 * a part still in flight. It holds two parts in memory (2 × the part size, 16 MiB by default), never the
 * object. An object smaller than one part is one PUT. Closing it completes the upload; {@link #abort()}
 * gives it up, and S3 keeps none of its parts.
 */
final class MultipartUpload extends OutputStream {

    private static final String CONTENT_TYPE = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final java.util.concurrent.ExecutorService uploads;
    private final List<CompletedPart> parts = new ArrayList<>();
    private byte[] part;
    private byte[] spare;
    private int filled;
    private String uploadId;
    private java.util.concurrent.Future<CompletedPart> inFlight;
    private boolean closed;

    MultipartUpload(S3Client s3, String bucket, String key, int partSize, java.util.concurrent.ExecutorService uploads) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.part = new byte[partSize];
        this.uploads = uploads;
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
                        body(part, filled));
                return;
            }
            awaitInFlight();
            if (filled > 0) {
                parts.add(upload(part, filled, parts.size() + 1));
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
            uploadId = null;
        } catch (SdkException e) {
            abort();
            throw new IOException("cannot store " + key + ": " + e.getMessage(), e);
        } catch (IOException e) {
            abort();
            throw e;
        }
    }

    /** Gives the upload up: its parts are removed from the store. Never throws. */
    void abort() {
        closed = true;
        java.util.concurrent.Future<CompletedPart> pending = inFlight;
        inFlight = null;
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // it failed; the abort below removes whatever it stored
            }
        }
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

    /** Hands the full part to an upload thread once the previous one is stored, and fills the freed buffer next. */
    private void uploadPart() throws IOException {
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                        .contentType(CONTENT_TYPE).build()).uploadId();
            }
        } catch (SdkException e) {
            abort();
            throw new IOException("cannot start the upload of " + key + ": " + e.getMessage(), e);
        }
        awaitInFlight();
        byte[] full = part;
        int length = filled;
        int number = parts.size() + 1;
        inFlight = uploads.submit(() -> upload(full, length, number));
        part = spare != null ? spare : new byte[full.length];
        spare = full;
        filled = 0;
    }

    /** Waits for the part in flight and records it; a failed part aborts the whole upload. */
    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            parts.add(inFlight.get());
            inFlight = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            throw new java.io.InterruptedIOException("interrupted while uploading " + key);
        } catch (java.util.concurrent.ExecutionException e) {
            inFlight = null;
            abort();
            throw new IOException("cannot upload a part of " + key + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private CompletedPart upload(byte[] buffer, int length, int number) {
        String etag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                .partNumber(number).contentLength((long) length).build(), body(buffer, length)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** The buffered bytes as a request body, read in place (no copy), again on a retry. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length), length, CONTENT_TYPE);
    }
}
