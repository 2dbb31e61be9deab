package io.pgvault.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

    record Datasource(String host, List<String> databases) {}

    record Request(String name, Datasource datasource, Instant at) {}

    private final ObjectMapper mapper = JsonLimits.apply(new ObjectMapper().registerModule(new JavaTimeModule()),
            8, 100, 20, 50);

    @Test
    void readsWhatIsWithinTheLimits() throws Exception {
        Request read = mapper.readValue("{\"name\":\"é✓😀\",\"datasource\":{\"host\":\"db1\",\"databases\":[\"a\"]},"
                + "\"at\":\"2026-01-01T00:00:00Z\"}", Request.class);
        assertThat(read).isEqualTo(new Request("é✓😀", new Datasource("db1", List.of("a")),
                Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void aNulInAnyStringIsRefusedAtItsPath() {
        assertRefusedAt("{\"name\":\"a\\u0000b\"}", "name");
        assertRefusedAt("{\"datasource\":{\"host\":\"\\u0000\"}}", "datasource.host");
        assertRefusedAt("{\"datasource\":{\"databases\":[\"ok\",\"x\\u0000\"]}}", "datasource.databases[1]");
    }

    @Test
    void anInstantOutsideYearsOneTo9999IsRefusedAtItsPath() {
        assertRefusedAt("{\"at\":\"+300000-01-01T00:00:00Z\"}", "at");
        assertRefusedAt("{\"at\":\"-4713-01-01T00:00:00Z\"}", "at");
    }

    @Test
    void nestingAndLengthsAreBounded() {
        assertThatThrownBy(() -> mapper.readTree("[".repeat(9) + "]".repeat(9)))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> mapper.readValue("{\"name\":\"" + "x".repeat(101) + "\"}", Request.class))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("String value length");
        assertThatThrownBy(() -> mapper.readTree("{\"n\":" + "1".repeat(21) + "}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Number value length");
        assertThatThrownBy(() -> mapper.readTree("{\"" + "k".repeat(51) + "\":1}"))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("Name length");
    }

    private void assertRefusedAt(String json, String path) {
        assertThatThrownBy(() -> mapper.readValue(json, Request.class))
                .isInstanceOf(JsonMappingException.class)
                .satisfies(e -> assertThat(jsonPath((JsonMappingException) e)).isEqualTo(path));
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.length() > 0 ? "." : "").append(ref.getFieldName());
            } else {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
