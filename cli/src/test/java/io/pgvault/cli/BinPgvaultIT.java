package io.pgvault.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/pgvault} as a user (or the end-to-end test) runs it: a process on the packaged jar. */
class BinPgvaultIT {

    static final Path BIN = Path.of("bin/pgvault").toAbsolutePath();

    @RegisterExtension
    static WireMockExtension server = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path config;

    record Run(int exitCode, String out, String err) {}

    private Run run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(concat(BIN.toString(), args));
        pb.environment().keySet().removeIf(k -> k.startsWith("PGVAULT_") || k.equals("NO_COLOR"));
        pb.environment().put("XDG_CONFIG_HOME", config.toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(config, "out", ".txt");
        Path err = Files.createTempFile(config, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/pgvault " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    @Test
    void helpAndVersionWork() throws Exception {
        Run help = run(Map.of(), "", "--help");
        Run version = run(Map.of(), "", "--version");

        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: pgvault").contains("backup-instance");
        assertThat(version.out()).startsWith("pgvault 0.");
    }

    @Test
    void aStoppedServerIsExit3() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }

        Run r = run(Map.of("PGVAULT_SERVER", "http://127.0.0.1:" + closed), "", "backup-instance", "list");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach instance-service at http://127.0.0.1:" + closed);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void loginThenAListWithTheStoredServerAndToken() throws Exception {
        server.stubFor(post("/api/v1/auth/token")
                .willReturn(okJson("{\"accessToken\":\"tok-9\",\"tokenType\":\"Bearer\",\"expiresIn\":600}")));
        server.stubFor(get("/api/v1/backup-policies").willReturn(okJson("[{\"id\":\"p1\",\"name\":\"nightly\"}]")));

        Run login = run(Map.of("PGVAULT_INSTANCE_URL", server.baseUrl()), "pw\n",
                "login", "--username", "ci", "--password-stdin");
        Run list = run(Map.of(), "", "backup-policy", "list", "-o", "json", "--query", "[].name");

        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config.resolve("pgvault/credentials.json"))))
                .isEqualTo("rw-------");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).isEqualToIgnoringWhitespace("[\"nightly\"]");
        server.verify(getRequestedFor(urlEqualTo("/api/v1/backup-policies")).withHeader("Authorization", equalTo("Bearer tok-9")));
    }
}
