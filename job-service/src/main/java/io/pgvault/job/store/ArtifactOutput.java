package io.pgvault.job.store;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stream into one stored artifact: counts and hashes (SHA-256) exactly the bytes that reach
 * the file, in the same pass, and syncs the file to disk on close.
 */
public final class ArtifactOutput extends FilterOutputStream {

    private final FileOutputStream file;
    private final MessageDigest digest;
    private long bytes;
    private String sha256;

    ArtifactOutput(FileOutputStream file) {
        super(file);
        this.file = file;
        this.digest = newSha256();
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
            file.getFD().sync();
        }
        sha256 = HexFormat.of().formatHex(digest.digest());
    }

    /** Bytes written to the file. */
    public long bytes() {
        return bytes;
    }

    /** Lowercase hex SHA-256 of the file; available after {@link #close()}. */
    public String sha256() {
        if (sha256 == null) {
            throw new IllegalStateException("artifact not closed yet");
        }
        return sha256;
    }
}
