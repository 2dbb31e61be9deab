package io.pgvault.job.credentials;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The password source handed to a child process, through its environment only: a private,
 * short-lived libpq password file with one line for exactly one server and role (or none at all), or,
 * when the operator enables it, job-service's own PGPASSFILE or {@code ~/.pgpass}. The password
 * itself never appears in arguments, logs, the database or Kafka. Made by {@link Secrets}.
 *
 * @param environment variables to set in the child (after {@link ChildEnvironment#scrub})
 * @param description where the password was looked for, for error messages: names no secret and no
 *                    absolute path
 * @param temporary   the private password file to delete afterwards, or {@code null}
 */
public record Credentials(Map<String, String> environment, String description, Path temporary)
        implements AutoCloseable {

    @Override
    public void close() throws IOException {
        if (temporary != null) {
            Files.deleteIfExists(temporary);
        }
    }

    /** Closes {@code credentials} (null: nothing), logging rather than throwing when the file cannot be removed. */
    public static void closeQuietly(Credentials credentials) {
        try {
            if (credentials != null) {
                credentials.close();
            }
        } catch (IOException e) {
            Log.warnf("could not remove a private password file: %s", e.getMessage());
        }
    }
}
