package io.pgvault.e2e;

import io.restassured.filter.Filter;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The embedded issuer of an e2e run, set up as {@code scripts/run} does: a throwaway RSA signing key for
 * instance-service, the first admin's password and a client secret per service, each file 0600 in the
 * 0700 secrets directory; every service verifies tokens against instance-service's key set and gets its
 * own service token from instance-service's token endpoint. Users sign in with
 * {@code POST /api/v1/auth/token}, as a user would. Its HTTP calls go through {@link HttpClient}, never
 * REST Assured, so a REST Assured filter that adds a token ({@link #asAdmin()}) never calls itself.
 */
public final class E2eIdentity {

    static final String ADMIN = "admin";
    /** Tokens live 15 minutes; one older than this is replaced before a request. */
    private static final Duration RENEW_AFTER = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServiceProcess issuer;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;
    private Instant adminTokenAt = Instant.EPOCH;

    private final Path secrets;

    private E2eIdentity(ServiceProcess issuer, String adminPassword, Path secrets) {
        this.issuer = issuer;
        this.secrets = secrets;
        this.adminPassword = adminPassword;
    }

    /**
     * Writes the identity files into {@code secrets} (made 0700; each service's {@code PGVAULT_SECRETS_DIR})
     * and configures {@code issuer} (instance-service) and {@code services} (all three) for them. Call
     * before the services start.
     */
    static E2eIdentity configure(Path secrets, ServiceProcess issuer, List<ServiceProcess> services) {
        try {
            Files.createDirectories(secrets);
            Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
            Path signingKey = writePrivate(secrets.resolve("signing-key.pem"), rsaPrivateKeyPem());
            String adminPassword = newSecret();
            Path adminPasswordFile = writePrivate(secrets.resolve("admin.password"), adminPassword + "\n");
            for (ServiceProcess s : services) {
                // pgvault.auth.service-client.secret-file and the issuer's clients.<id>.secret-file default to this
                writePrivate(secrets.resolve("service-" + s.name + ".secret"), newSecret());
                s.env("PGVAULT_JWKS_URL", issuer.url() + "/.well-known/jwks.json")
                        .env("PGVAULT_TOKEN_URL", issuer.url() + "/api/v1/auth/token");
            }
            issuer.env("PGVAULT_SIGNING_KEY_FILE", signingKey.toString())
                    .env("PGVAULT_ADMIN_PASSWORD_FILE", adminPasswordFile.toString());
            return new E2eIdentity(issuer, adminPassword, secrets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first admin's password, for signing in as a person would (the console's sign-in page). */
    String adminPassword() {
        return adminPassword;
    }

    /** A REST Assured filter that sends the admin's bearer token (signed in again every few minutes). */
    public Filter asAdmin() {
        return (request, response, context) -> {
            request.header("Authorization", "Bearer " + adminToken());
            return context.next(request, response);
        };
    }

    public synchronized String adminToken() {
        if (Duration.between(adminTokenAt, Instant.now()).compareTo(RENEW_AFTER) > 0) {
            adminToken = signIn(ADMIN, adminPassword);
            adminTokenAt = Instant.now();
        }
        return adminToken;
    }

    /** {@code POST /api/v1/auth/token} with a username and password: the access token. */
    public String signIn(String username, String password) {
        HttpResponse<String> r = post("/api/v1/auth/token", null, """
                {"username": "%s", "password": "%s"}""".formatted(username, password));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sign-in of " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        return JsonPath.from(r.body()).getString("accessToken");
    }

    /**
     * {@code client}'s service token (OAuth2 client credentials with its secret from the secrets directory,
     * as the service itself gets it): role {@code pgvault-service}.
     */
    public String serviceToken(String client) {
        try {
            String secret = Files.readString(secrets.resolve("service-" + client + ".secret")).strip();
            String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(client, StandardCharsets.UTF_8)
                    + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(URI.create(issuer.url() + "/api/v1/auth/token"))
                    .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("client credentials of " + client + " answered " + r.statusCode());
            }
            return JsonPath.from(r.body()).getString("accessToken");
        } catch (IOException e) {
            throw new UncheckedIOException("service token of " + client, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The admin creates a user with one role ({@code POST /api/v1/users}); answers its new password. */
    public String createUser(String username, String role) {
        String password = newSecret();
        HttpResponse<String> r = post("/api/v1/users", adminToken(), """
                {"username": "%s", "password": "%s", "roles": ["%s"]}""".formatted(username, password, role));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("creating user " + username + " answered " + r.statusCode() + ": " + r.body());
        }
        return password;
    }

    private HttpResponse<String> post(String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer.url() + path))
                .timeout(Duration.ofSeconds(15)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " at " + issuer.name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** 32 random letters and digits, as {@code scripts/run}'s {@code new_secret}. */
    public static String newSecret() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder s = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** Creates {@code file} 0600 (replacing any) with {@code content}. */
    public static Path writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** A fresh RSA 2048 private key, PKCS#8 PEM (what {@code openssl genpkey -algorithm RSA} writes). */
    private static String rsaPrivateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8);
            return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
