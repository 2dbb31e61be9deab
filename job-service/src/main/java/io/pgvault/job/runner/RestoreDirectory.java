package io.pgvault.job.runner;

import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import io.pgvault.job.store.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where a restore as files may write: a new (or empty) directory strictly inside the restore root.
 * Absolute paths, {@code ..} segments and symbolic links leading out of the root are refused.
 */
public final class RestoreDirectory {

    private RestoreDirectory() {
    }

    /**
     * The target directory for {@code requested} under {@code root}.
     *
     * @throws JobFailure TARGET_OUTSIDE_ROOT or TARGET_EXISTS
     */
    public static Path resolve(Path root, String requested) throws IOException {
        if (requested == null || requested.isBlank()) {
            throw outside(requested, "no directory given");
        }
        Path relative;
        try {
            relative = Path.of(requested);
        } catch (InvalidPathException e) {
            throw outside(requested, "not a path");
        }
        if (relative.isAbsolute() || requested.startsWith("/") || requested.startsWith("~")) {
            throw outside(requested, "absolute paths are not accepted; give a path relative to the restore root");
        }
        for (Path segment : relative) {
            if (segment.toString().equals("..")) {
                throw outside(requested, "'..' is not accepted");
            }
        }
        OwnerOnly.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path target = realRoot.resolve(relative).normalize();
        if (!target.startsWith(realRoot) || target.equals(realRoot)) {
            throw outside(requested, "it must name a directory inside the restore root");
        }
        // Follow every symbolic link on the existing part of the path: it must stay inside the root.
        Path existing = target;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!existing.toRealPath().startsWith(realRoot)) {
            throw outside(requested, "a symbolic link leads out of the restore root");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(target) || !Files.isDirectory(target) || !isEmpty(target)) {
                throw new JobFailure(ErrorCode.TARGET_EXISTS.error("restore directory '" + requested
                        + "' already exists and is not empty; a restore never overwrites files"));
            }
        }
        return target;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static JobFailure outside(String requested, String why) {
        return new JobFailure(ErrorCode.TARGET_OUTSIDE_ROOT.error("restore directory '" + requested
                + "' is refused: " + why));
    }
}
