package io.pgvault.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LoginTest {

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path config;

    private String url() {
        return server.baseUrl();
    }

    private void tokenEndpoint() {
        server.stubFor(post("/api/v1/auth/token")
                .withRequestBody(equalToJson("{\"username\":\"alice\",\"password\":\"s3cret\"}"))
                .willReturn(okJson("{\"accessToken\":\"tok-123\",\"tokenType\":\"Bearer\",\"expiresIn\":3600}")));
    }

    @Test
    void loginStoresTheTokenReadableByTheUserAlone() throws Exception {
        tokenEndpoint();

        CliRun.Result r = CliRun.against(url(), config).stdin("s3cret\n")
                .run("login", "--username", "alice", "--password-stdin");

        assertThat(r.exitCode()).as(r.err()).isZero();
        Path dir = config.resolve("pgvault");
        Path file = dir.resolve("credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("\"accessToken\" : \"tok-123\"").contains("\"username\" : \"alice\"")
                .contains("\"expiresAt\" : \"2026-12-01T13:00:00Z\"").contains(url());
        assertThat(r.out()).contains("Signed in to " + url() + " as alice");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void laterCallsSendTheTokenAndLogoutForgetsIt() {
        tokenEndpoint();
        server.stubFor(get("/api/v1/backup-policies").willReturn(okJson("[]")));
        CliRun.against(url(), config).stdin("s3cret\n").run("login", "-u", "alice", "--password-stdin");

        // The server settings come from the sign-in: no PGVAULT_SERVER this time.
        CliRun.Result listed = CliRun.against(null, config).run("backup-policy", "list");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        server.verify(getRequestedFor(urlEqualTo("/api/v1/backup-policies")).withHeader("Authorization", equalTo("Bearer tok-123")));

        CliRun.Result out = CliRun.against(url(), config).run("logout");
        assertThat(out.exitCode()).isZero();
        assertThat(config.resolve("pgvault/credentials.json")).doesNotExist();
        server.resetRequests();
        CliRun.against(url(), config).run("backup-policy", "list");
        server.verify(getRequestedFor(urlEqualTo("/api/v1/backup-policies")).withHeader("Authorization", absent()));
    }

    @Test
    void theTokenIsNeverSentToAnotherServer() {
        tokenEndpoint();
        CliRun.against(url(), config).stdin("s3cret\n").run("login", "-u", "alice", "--password-stdin");
        server.stubFor(get("/api/v1/backup-policies").willReturn(okJson("[]")));

        // Another origin (the host as written differs): the token stays home.
        String sameServerByAnotherName = url().replace("localhost", "127.0.0.1");
        CliRun.Result r = CliRun.against(sameServerByAnotherName, config).run("backup-policy", "list");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(getRequestedFor(urlEqualTo("/api/v1/backup-policies")).withHeader("Authorization", absent()));
    }

    @Test
    void aRefusedSignInSaysWhyWithExitCode1() {
        server.stubFor(post("/api/v1/auth/token").willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"wrong username or password\"}")));

        CliRun.Result r = CliRun.against(url(), config).stdin("nope\n").run("login", "-u", "alice", "--password-stdin");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("wrong username or password").contains("pgvault login");
        assertThat(config.resolve("pgvault/credentials.json")).doesNotExist();
    }

    @Test
    void anExpiredSignInTellsTheUserToLogInAgain() {
        server.stubFor(get(urlPathEqualTo("/api/v1/backup-instances")).willReturn(aResponse().withStatus(401)));

        CliRun.Result r = CliRun.against(url(), config).run("backup-instance", "list");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("run 'pgvault login'");
    }

    @Test
    void onATerminalLoginAsksForUsernameAndPassword() {
        tokenEndpoint();

        CliRun.Result r = CliRun.against(url(), config).terminal("alice", "s3cret").run("login");

        assertThat(r.exitCode()).as(r.err()).isZero();
        server.verify(postRequestedFor(urlEqualTo("/api/v1/auth/token")));
    }

    @Test
    void withoutATerminalLoginNeedsPasswordStdinAndNeverAsks() {
        CliRun.Result r = CliRun.against(url(), config).run("login", "--username", "alice");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--password-stdin");
        assertThat(server.getAllServeEvents()).isEmpty();
    }
}
