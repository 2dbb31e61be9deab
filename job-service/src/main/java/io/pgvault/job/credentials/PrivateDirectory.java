package io.pgvault.job.credentials;

import io.pgvault.job.config.JobConfig;
import io.pgvault.job.store.OwnerOnly;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * job-service's private directory, {@code <data-dir>/private} (mode 0700): the temporary password files
 * handed to child processes and the tools' error output live here, each file 0600, each deleted when
 * its job step ends. Made at start-up, when whatever an earlier run left (it was killed mid-job) is
 * removed. One per job-service process: replicas do not share a data directory.
 */
@ApplicationScoped
@Startup
public class PrivateDirectory {

    private final Path path;

    @Inject
    public PrivateDirectory(JobConfig config) {
        this(Path.of(config.dataDir()).resolve("private"));
    }

    public PrivateDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** Creates the directory (0700, also when it existed with other modes) and empties it. */
    @PostConstruct
    public void prepare() {
        try {
            OwnerOnly.createDirectories(path);
            if (Files.isSymbolicLink(path)) {
                throw new IOException(path + " is a symbolic link; job-service's private directory must be a directory");
            }
            Files.setPosixFilePermissions(path, OwnerOnly.DIRECTORY);
            int removed = 0;
            try (Stream<Path> entries = Files.list(path)) {
                for (Path leftover : entries.toList()) {
                    deleteTree(leftover);
                    removed++;
                }
            }
            if (removed > 0) {
                Log.infof("removed %d file(s) an earlier run left in job-service's private directory", removed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare job-service's private directory " + path
                    + " (pgvault.job.data-dir): " + e.getMessage(), e);
        }
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** A new, empty file (0600) in the directory. */
    public Path newFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(path, prefix, suffix, OwnerOnly.fileMode());
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } else {
            Files.deleteIfExists(root);
        }
    }
}
