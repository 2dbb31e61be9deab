package io.pgvault.cli.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

    static final String SAMPLE = "{\"a\":1,\"big\":12345678901234567890,\"long\":3000000000,\"f\":0.25,\"t\":true,\"n\":null,"
            + "\"s\":\"Sales \\\"EU\\\" db's – ünïcode\",\"list\":[{\"x\":[]},{}],\"empty\":\"\"}";

    @Test
    void readsWhatJacksonReadsAndWritesItBack() throws IOException {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(JsonTrees.read(SAMPLE)).isEqualTo(mapper.readTree(SAMPLE));
        assertThat(mapper.readTree(JsonTrees.write(JsonTrees.read(SAMPLE), false))).isEqualTo(mapper.readTree(SAMPLE));
        assertThat(JsonTrees.write(JsonTrees.read(SAMPLE), true))
                .isEqualTo(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(SAMPLE)));
    }

    @Test
    void textThatIsNotOneJsonValueIsRefused() {
        assertThatThrownBy(() -> JsonTrees.read("{\"a\":1} {}")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> JsonTrees.read("<html>")).isInstanceOf(IOException.class);
        assertThat(JsonTrees.tryRead("<html>").isMissingNode()).isTrue();
        assertThat(JsonTrees.tryRead("").isMissingNode()).isTrue();
    }
}
