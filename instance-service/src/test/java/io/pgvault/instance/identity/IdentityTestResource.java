package io.pgvault.instance.identity;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The embedded issuer's files, as scripts/run makes them: the first admin's password and the service
 * clients' secrets, fresh for each test JVM in {@code target/test-secrets}. instance-service is its own
 * service client here ({@code ServiceTokens} fetches from its own token endpoint); {@code hashed-client}
 * is known by the hash of its secret only.
 */
public class IdentityTestResource implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "test-secrets");
    static final Path ADMIN_PASSWORD = DIR.resolve("admin.password");
    static final Path JOB_SERVICE_SECRET = DIR.resolve("service-job-service.secret");
    static final Path OWN_SECRET = DIR.resolve("service-instance-service.secret");
    static final String HASHED_CLIENT_SECRET = "hashed-client-secret-of-the-tests";
    private static final String WRITTEN = "pgvault.test.identity.files";

    @Override
    public Map<String, String> start() {
        // Once per JVM: the first admin is created with the first password; a restart of the
        // application (another test profile) must find the same one.
        if (System.getProperty(WRITTEN) == null) {
            try {
                Files.createDirectories(DIR);
                Files.writeString(ADMIN_PASSWORD, "admin-" + UUID.randomUUID() + "\n");
                Files.writeString(JOB_SERVICE_SECRET, UUID.randomUUID() + "\n");
                Files.writeString(OWN_SECRET, UUID.randomUUID() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(WRITTEN, "true");
        }
        Map<String, String> config = new HashMap<>();
        config.put("pgvault.auth.embedded-issuer.admin-password-file", ADMIN_PASSWORD.toString());
        config.put("pgvault.auth.embedded-issuer.clients.job-service.secret-file", JOB_SERVICE_SECRET.toString());
        config.put("pgvault.auth.embedded-issuer.clients.instance-service.secret-file", OWN_SECRET.toString());
        config.put("pgvault.auth.embedded-issuer.clients.hashed-client.secret-hash", PasswordHasher.hash(HASHED_CLIENT_SECRET));
        config.put("pgvault.auth.service-client.secret-file", OWN_SECRET.toString());
        config.put("pgvault.auth.token-url", "http://localhost:${quarkus.http.test-port}/api/v1/auth/token");
        return config;
    }

    @Override
    public void stop() {
        // The files stay in target/ for a look after the run; the next run writes new ones.
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
