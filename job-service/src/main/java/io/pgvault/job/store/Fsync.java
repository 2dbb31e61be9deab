package io.pgvault.job.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a directory's entries durable. A rename is only in the directory's metadata: until the
 * directory is synced, a power cut can bring back the old name (or neither), whatever was synced inside.
 */
public final class Fsync {

    private Fsync() {
    }

    /** fsync(2) of a directory (Linux and other POSIX systems open a directory read-only for that). */
    public static void directory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
