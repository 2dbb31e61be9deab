package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.common.DatabaseFigures;
import io.pgvault.contracts.common.DatabaseFigures.SequenceFigures;
import io.pgvault.contracts.common.DatabaseFigures.TableFigures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison rule of a verification, figure by figure, without a server. */
class VerificationCheckTest {

    private static DatabaseFigures figures(List<TableFigures> tables, List<SequenceFigures> sequences, long largeObjects,
            List<String> objects) {
        return new DatabaseFigures("app", tables, sequences, largeObjects, List.of("sales"), objects);
    }

    private static final List<TableFigures> TABLES = List.of(new TableFigures("public", "orders", 3000, "123"),
            new TableFigures("sales", "Customer Lines", 10, "-7"));
    private static final List<String> OBJECTS = List.of("table public.orders", "table sales.\"Customer Lines\"");

    @Test
    void identicalFiguresVerifyAndListEveryTable() {
        DatabaseFigures source = figures(TABLES, List.of(new SequenceFigures("public", "s", 5L, 5L)), 1, OBJECTS);
        VerificationCheck check = VerificationCheck.compare(List.of(source), Map.of("app", source));

        assertThat(check.verified()).isTrue();
        assertThat(check.tables()).extracting(t -> t.name() + ":" + t.restoredRows() + ":" + t.digestMatches())
                .containsExactly("orders:3000:true", "Customer Lines:10:true");
    }

    @Test
    void aChangedRowCountADigestAMissingTableAndAnExtraObjectAreEachNamed() {
        DatabaseFigures source = figures(TABLES, List.of(), 1, OBJECTS);
        DatabaseFigures restored = figures(List.of(new TableFigures("public", "orders", 3000, "124"),
                new TableFigures("public", "extra", 1, "0")), List.of(), 0,
                List.of("table public.orders", "table public.extra"));

        VerificationCheck check = VerificationCheck.compare(List.of(source), Map.of("app", restored));

        assertThat(check.verified()).isFalse();
        assertThat(check.mismatches()).containsExactly(
                "database app: table public.orders has the recorded 3000 rows, but their content digest differs"
                        + " (124 restored, 123 recorded)",
                "database app: table sales.\"Customer Lines\" is missing from the restore",
                "database app: table public.extra is in the restore but was not recorded",
                "database app: 0 large objects restored; the backup recorded 1",
                "database app: 1 object missing from the restore: table sales.\"Customer Lines\"",
                "database app: 1 object in the restore but not recorded: table public.extra");
        assertThat(check.tables()).extracting(t -> t.name() + ":" + t.restoredRows())
                .containsExactly("orders:3000", "Customer Lines:null");
    }

    @Test
    void aSequenceMatchesBetweenItsValuesBeforeAndAfterTheDumpAndExactlyWhenTheyAreEqual() {
        DatabaseFigures source = figures(List.of(), List.of(new SequenceFigures("public", "moving", 10L, 20L),
                new SequenceFigures("public", "still", 7L, 7L), new SequenceFigures("public", "unused", null, null)),
                0, List.of());
        DatabaseFigures within = figures(List.of(), List.of(new SequenceFigures("public", "moving", 15L, 15L),
                new SequenceFigures("public", "still", 7L, 7L), new SequenceFigures("public", "unused", null, null)),
                0, List.of());
        DatabaseFigures off = figures(List.of(), List.of(new SequenceFigures("public", "moving", 21L, 21L),
                new SequenceFigures("public", "still", 1L, 1L), new SequenceFigures("public", "unused", 1L, 1L)),
                0, List.of());

        assertThat(VerificationCheck.compare(List.of(source), Map.of("app", within)).verified()).isTrue();
        assertThat(VerificationCheck.compare(List.of(source), Map.of("app", off)).mismatches()).containsExactly(
                "database app: sequence public.moving is at 21 in the restore; the backup recorded between 10 and 20",
                "database app: sequence public.still is at 1 in the restore; the backup recorded 7",
                "database app: sequence public.unused is at 1 in the restore; the backup recorded null");
    }

    @Test
    void aDatabaseThatWasNotRestoredFailsWithItsTablesListedAsMissing() {
        DatabaseFigures source = figures(TABLES, List.of(), 0, OBJECTS);

        VerificationCheck check = VerificationCheck.compare(List.of(source), Map.of());

        assertThat(check.mismatches()).containsExactly("database app: was not restored");
        assertThat(check.tables()).allSatisfy(t -> assertThat(t.restoredRows()).isNull());
    }
}
