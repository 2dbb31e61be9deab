package io.pgvault.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.cli.http.Endpoints;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {

    static final Optional<StoredLogin> STORED = Optional.of(new StoredLogin("alice", "Bearer", "t", null, null,
            new Endpoints("http://stored:1", "http://stored:2", "http://stored:3")));

    @Test
    void withNothingSetTheConsolesOneUrlApplies() {
        assertThat(Settings.endpoints(null, Map.of(), Optional.empty()))
                .isEqualTo(new Endpoints("http://127.0.0.1:8080", "http://127.0.0.1:8080", "http://127.0.0.1:8080"));
    }

    @Test
    void flagBeatsServerVariableBeatsServiceVariablesBeatsTheSignIn() {
        Map<String, String> env = Map.of("PGVAULT_SERVER", "http://env-server", "PGVAULT_JOB_URL", "http://env-job");

        assertThat(Settings.endpoints("http://flag/", env, STORED)).isEqualTo(Endpoints.single("http://flag"));
        assertThat(Settings.endpoints(null, env, STORED)).isEqualTo(Endpoints.single("http://env-server"));
        assertThat(Settings.endpoints(null, Map.of("PGVAULT_JOB_URL", "http://env-job"), STORED))
                .isEqualTo(new Endpoints("http://stored:1", "http://env-job", "http://stored:3"));
        assertThat(Settings.endpoints(null, Map.of(), STORED)).isEqualTo(STORED.get().endpoints());
    }

    @Test
    void theSignInLivesUnderXdgConfigHomeOrHomeConfig() {
        assertThat(LoginStore.directory(Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u")).isEqualTo(Path.of("/x/cfg/pgvault"));
        assertThat(LoginStore.directory(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/h"), "/home/u"))
                .as("a relative XDG_CONFIG_HOME is ignored, as the spec says").isEqualTo(Path.of("/h/.config/pgvault"));
        assertThat(LoginStore.directory(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.config/pgvault"));
    }
}
