package io.pgvault.job.runner;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import io.pgvault.contracts.common.ArtifactEntry;
import io.pgvault.job.store.ArtifactOutput;
import io.pgvault.job.store.OwnerOnly;
import io.pgvault.job.store.RecoveryPointStore.StoredPoint;
import io.quarkus.logging.Log;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A restore's local copies of its dumps: each dump read from the store once, hashed on the way (the check against
 * the manifest needs no second read) and written decompressed into a seekable file, so that {@code pg_restore}
 * can restore it with several jobs. The files live in a directory of job-service's private directory
 * ({@code restore-<job id>}, 0700, each file 0600), which the restore removes when it ends whatever the ending,
 * and job-service's start-up removes after a crash. Bounded: all copies of a restore together never exceed
 * {@code limit} bytes nor leave less than {@code minFree} bytes free on the disk; a dump that does not fit is
 * still read to its end and checked, but gets no copy, and is then streamed into {@code pg_restore} as before.
 * Blocking: a job worker thread. Public for the store benchmark, which times this very copy.
 */
public final class LocalCopies implements AutoCloseable {

    /** The prefix of a restore's directory in the private directory, {@code restore-<job id>}. */
    static final String PREFIX = "restore-";

    /** How often (bytes written) the free space is looked at again. */
    private static final long SPACE_CHECK_EVERY = 64L * 1024 * 1024;

    private final Path directory;
    private final long limit;
    private final long minFree;
    private long used;

    /**
     * A dump read through: what it hashed to as stored, and its local copy.
     *
     * @param bytes  the stored bytes read
     * @param sha256 their SHA-256, to compare with the manifest's
     * @param file   the decompressed, seekable copy; {@code null} if it did not fit
     */
    public record Copy(long bytes, String sha256, Path file) {
    }

    private LocalCopies(Path directory, long limit, long minFree) {
        this.directory = directory;
        this.limit = limit;
        this.minFree = minFree;
    }

    /** The job's directory (0700) under {@code privateDirectory}, made now. */
    public static LocalCopies open(Path privateDirectory, UUID jobId, long limit, long minFree) throws IOException {
        Path directory = directoryOf(privateDirectory, jobId);
        Files.createDirectory(directory, OwnerOnly.directoryMode());
        return new LocalCopies(directory, limit, minFree);
    }

    /** Where a job's copies are. */
    static Path directoryOf(Path privateDirectory, UUID jobId) {
        return privateDirectory.resolve(PREFIX + jobId);
    }

    /**
     * Reads {@code artifact} whole, counting the stored bytes as the job's progress, and writes its decompressed
     * dump into a new file here if it fits.
     */
    public Copy copy(StoredPoint point, ArtifactEntry artifact, RunningJob job) throws IOException {
        MessageDigest digest = ArtifactOutput.newSha256();
        Counted stored = new Counted(point.read(artifact.name()), job);
        Path file = directory.resolve(artifact.name().replaceFirst("\\.zst$", ""));
        try (InputStream hashed = new DigestInputStream(stored, digest)) {
            boolean copied = false;
            if (fits(0)) {
                copied = write(hashed, "zstd".equals(artifact.compression()), file, job);
            }
            if (!copied) {
                // Checked all the same: read to the end, through the digest.
                PgTools.pump(hashed, OutputStream.nullOutputStream(), job, false);
            }
            // zstd stops at the end of its frame: whatever follows (nothing, in a good artifact) counts too.
            PgTools.pump(hashed, OutputStream.nullOutputStream(), job, false);
            return new Copy(stored.count, HexFormat.of().formatHex(digest.digest()), copied ? file : null);
        }
    }

    /** Writes the (decompressed) dump into {@code file}; false, the file removed, if it outgrew the bounds. */
    private boolean write(InputStream hashed, boolean zstd, Path file, RunningJob job) throws IOException {
        InputStream dump = zstd ? new ZstdInputStream(new Unclosed(hashed)) : new Unclosed(hashed);
        try (dump) {
            return write(dump, file, job);
        } catch (ZstdIOException | ZstdException e) {
            // Not a zstd stream as stored (damaged): no copy; the check against the manifest, next, names it.
            Files.deleteIfExists(file);
            return false;
        }
    }

    private boolean write(InputStream dump, Path file, RunningJob job) throws IOException {
        long written = 0;
        long nextCheck = SPACE_CHECK_EVERY;
        byte[] buffer = new byte[256 * 1024];
        try (OutputStream out = OwnerOnly.newFile(file)) {
            int read;
            while ((read = dump.read(buffer)) != -1) {
                if (job.isCancelled()) {
                    throw new JobCancelled();
                }
                if (used + written + read > limit || (written + read >= nextCheck && !fits(written + read))) {
                    Log.infof("restore: the local copy of a dump would pass %d bytes or leave less than %d bytes free;"
                            + " streaming it into pg_restore instead (no parallel restore)", limit, minFree);
                    out.close();
                    Files.deleteIfExists(file);
                    return false;
                }
                if (written + read >= nextCheck) {
                    nextCheck += SPACE_CHECK_EVERY;
                }
                out.write(buffer, 0, read);
                written += read;
            }
        }
        used += written;
        return true;
    }

    /** Whether {@code more} bytes still leave the disk its free space and the copies under their limit. */
    private boolean fits(long more) throws IOException {
        return used + more <= limit && Files.getFileStore(directory).getUsableSpace() >= minFree + SPACE_CHECK_EVERY;
    }

    /** Removes the copies and their directory; a failure is logged. */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            Log.warnf("could not remove the restore's local copies in %s: %s", directory, e.getMessage());
        }
    }

    /** Counts the stored bytes read, as the job's progress too. */
    private static final class Counted extends FilterInputStream {
        private final RunningJob job;
        long count;

        Counted(InputStream in, RunningJob job) {
            super(in);
            this.job = job;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                job.addBytes(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                job.addBytes(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Every byte must pass the digest: read, never skip.
            return 0;
        }
    }

    /** Keeps the decompressor's close (its native buffers) from closing the stream below, read on to its end. */
    private static final class Unclosed extends FilterInputStream {
        Unclosed(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the owner closes it
        }
    }
}
