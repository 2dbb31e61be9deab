package io.pgvault.job.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only job-service's user may read: 0600 and 0700, set when they are created
 * (never created open and narrowed later). A backup's artifacts hold a whole database; a restore's
 * files too, and the private directory holds passwords.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** The attribute that makes a new directory 0700. */
    public static FileAttribute<Set<PosixFilePermission>> directoryMode() {
        return PosixFilePermissions.asFileAttribute(DIRECTORY);
    }

    /** The attribute that makes a new file 0600. */
    public static FileAttribute<Set<PosixFilePermission>> fileMode() {
        return PosixFilePermissions.asFileAttribute(FILE);
    }

    /** Creates {@code dir} and its missing parents, each new one 0700. */
    public static Path createDirectories(Path dir) throws IOException {
        return Files.createDirectories(dir, directoryMode());
    }

    /** A new file (0600; it must not exist), open for writing. */
    public static FileOutputStream newFile(Path file) throws IOException {
        Files.createFile(file, fileMode());
        return new FileOutputStream(file.toFile());
    }
}
