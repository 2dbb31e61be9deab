package io.pgvault.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static final String JOBS = "[{\"id\":\"a1\",\"status\":\"COMPLETED\",\"bytes\":2048,\"createdAt\":\"2026-12-01T11:57:00Z\"},"
            + "{\"id\":\"b22\",\"status\":\"FAILED\",\"bytes\":0,\"createdAt\":\"2026-11-30T12:00:00Z\"}]";

    static final View JOB_TABLE = View.table(new Table(List.of(
            Table.Column.of("ID", j -> Table.text(j, "id")),
            Table.Column.state("STATUS", j -> Table.text(j, "status")),
            Table.Column.of("SIZE", j -> Bytes.human(j.path("bytes").asLong())))));

    private static String print(Format format, String query, String json, View view, boolean colours) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Output out = new Output(format, query == null ? null : Query.compile(query),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), new Styles(colours), Clock.fixed(NOW, ZoneOffset.UTC));
        out.print(JSON.readTree(json), view);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tablesAreAlignedOnThePlainText() throws Exception {
        assertThat(print(Format.TABLE, null, JOBS, JOB_TABLE, false)).isEqualTo(
                "ID   STATUS     SIZE\n"
                        + "a1   COMPLETED  2.0 KiB\n"
                        + "b22  FAILED     0 B\n");
    }

    @Test
    void coloursNeverShiftTheColumns() throws Exception {
        String coloured = print(Format.TABLE, null, JOBS, JOB_TABLE, true);

        assertThat(coloured).contains("\u001b[32mCOMPLETED\u001b[0m  2.0 KiB").contains("\u001b[31mFAILED\u001b[0m     0 B");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(print(Format.TABLE, null, JOBS, JOB_TABLE, false));
    }

    @Test
    void jsonIsTheApisAnswerPrettyPrinted() throws Exception {
        String out = print(Format.JSON, null, JOBS, JOB_TABLE, true);

        assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree(JOBS));
        assertThat(out).contains("\n  \"id\" : \"a1\"").doesNotContain("\u001b[");
    }

    @Test
    void yamlIsTheSameData() throws Exception {
        String out = print(Format.YAML, null, JOBS, JOB_TABLE, false);

        assertThat(out).startsWith("- id: a1\n  status: COMPLETED\n  bytes: 2048\n");
        JsonNode back = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(out);
        assertThat(back).isEqualTo(JSON.readTree(JOBS));
    }

    @Test
    void aQuerySelectsAndFiltersLikeJmesPath() throws Exception {
        assertThat(print(Format.JSON, "[?status=='FAILED'].id", JOBS, JOB_TABLE, false)).isEqualToIgnoringWhitespace("[\"b22\"]");
        assertThat(print(Format.TABLE, "[0].status", JOBS, JOB_TABLE, false)).isEqualTo("COMPLETED\n");
        assertThat(print(Format.TABLE, "[].id", JOBS, JOB_TABLE, false)).isEqualTo("a1\nb22\n");
        assertThat(print(Format.TABLE, "[].{name: id, size: bytes}", JOBS, JOB_TABLE, false))
                .isEqualTo("name  size\na1    2048\nb22   0\n");
        assertThat(print(Format.TABLE, "[1]", JOBS, JOB_TABLE, false)).contains("id:        b22\n").contains("status:    FAILED\n");
        assertThat(print(Format.YAML, "length(@)", JOBS, JOB_TABLE, false)).isEqualTo("2\n");
    }

    @Test
    void aBadQuerySaysWhatIsWrong() {
        assertThatThrownBy(() -> Query.compile("[?status=="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a JMESPath expression");
    }

    @Test
    void coloursOnlyOnATerminalAndNeverWithNoColor() {
        assertThat(Styles.forTerminal(true, Map.of()).enabled()).isTrue();
        assertThat(Styles.forTerminal(false, Map.of()).enabled()).isFalse();
        assertThat(Styles.forTerminal(true, Map.of("NO_COLOR", "1")).enabled()).isFalse();
        assertThat(Styles.forTerminal(true, Map.of("NO_COLOR", "")).enabled()).as("an empty NO_COLOR is unset").isTrue();
        assertThat(Styles.forTerminal(true, Map.of("TERM", "dumb")).enabled()).isFalse();
    }

    @Test
    void detailsAlignTheirLabelsAndLeaveEmptyFieldsOut() {
        List<String> lines = new Details(new Styles(false)).field("Name", "orders-db").field("Last backup", "")
                .field("Recovery points", "3").section("Sub-tasks", List.of("a", "b")).lines();

        assertThat(lines).containsExactly("Name:            orders-db", "Recovery points: 3", "", "Sub-tasks", "  a", "  b");
    }
}
