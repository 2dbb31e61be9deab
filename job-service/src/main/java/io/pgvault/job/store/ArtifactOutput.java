package io.pgvault.job.store;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stream into one stored artifact: counts and hashes (SHA-256) exactly the bytes written into it,
 * in the same pass: a file's bytes (synced to disk on close), or the plaintext an encrypting store
 * encrypts and uploads below it.
 */
public final class ArtifactOutput extends FilterOutputStream {

    private final OutputStream file;
    private final FileOutputStream syncOnClose;
    private final MessageDigest digest;
    private long bytes;
    private String sha256;

    ArtifactOutput(FileOutputStream file) {
        this(file, file);
    }

    private ArtifactOutput(OutputStream out, FileOutputStream syncOnClose) {
        super(out);
        this.file = out;
        this.syncOnClose = syncOnClose;
        this.digest = newSha256();
    }

    /** An artifact stream into {@code out}, which stores what it is given when it is closed. */
    static ArtifactOutput into(OutputStream out) {
        return new ArtifactOutput(out, null);
    }

    /** An artifact stream into an open file. */
    public static ArtifactOutput open(FileOutputStream file) {
        return new ArtifactOutput(file);
    }

    /** A fresh SHA-256 digest. */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        file.write(b);
        digest.update((byte) b);
        bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        file.write(buffer, offset, length);
        digest.update(buffer, offset, length);
        bytes += length;
    }

    @Override
    public void close() throws IOException {
        if (sha256 != null) {
            return;
        }
        try (OutputStream closing = file) {
            file.flush();
            if (syncOnClose != null) {
                syncOnClose.getFD().sync();
            }
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** Bytes written. */
    public long bytes() {
        return bytes;
    }

    /** Lowercase hex SHA-256 of the bytes written; available after {@link #close()}. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("artifact not closed yet");
        }
        return sha256;
    }
}
