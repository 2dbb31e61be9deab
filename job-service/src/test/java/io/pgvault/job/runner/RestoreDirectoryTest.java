package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestoreDirectoryTest {

    @TempDir
    Path temp;

    private static ErrorCode refusal(Path root, String requested) {
        try {
            RestoreDirectory.resolve(root, requested);
            throw new AssertionError("accepted " + requested);
        } catch (JobFailure e) {
            return e.error().code();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRelativeDirectoryResolvesInsideTheRoot() throws Exception {
        Path root = temp.resolve("restores");
        Path target = RestoreDirectory.resolve(root, "orders/2026-01-15");
        assertThat(target).isEqualTo(root.toRealPath().resolve("orders/2026-01-15"));
    }

    @Test
    void escapesAreRefused() throws Exception {
        Path root = temp.resolve("restores");
        assertThat(refusal(root, "../elsewhere")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        assertThat(refusal(root, "a/../../elsewhere")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        assertThat(refusal(root, "/etc/pgvault")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        assertThat(refusal(root, "")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        assertThat(refusal(root, ".")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertThat(refusal(root, "link/x")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
        assertThat(refusal(root, "link")).isEqualTo(ErrorCode.TARGET_OUTSIDE_ROOT);
    }

    @Test
    void aNonEmptyDirectoryIsNeverOverwrittenButAnEmptyOneIsUsed() throws Exception {
        Path root = temp.resolve("restores");
        Files.createDirectories(root.resolve("full"));
        Files.writeString(root.resolve("full/file"), "x");
        assertThat(refusal(root, "full")).isEqualTo(ErrorCode.TARGET_EXISTS);
        Files.createDirectories(root.resolve("empty"));
        assertThat(RestoreDirectory.resolve(root, "empty")).isEqualTo(root.toRealPath().resolve("empty"));
        assertThatThrownBy(() -> RestoreDirectory.resolve(root, "full")).isInstanceOf(JobFailure.class)
                .hasMessageContaining("full");
    }
}
