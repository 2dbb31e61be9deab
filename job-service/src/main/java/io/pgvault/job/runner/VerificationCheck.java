package io.pgvault.job.runner;

import io.pgvault.contracts.common.DatabaseFigures;
import io.pgvault.contracts.common.DatabaseFigures.SequenceFigures;
import io.pgvault.contracts.common.DatabaseFigures.TableFigures;
import io.pgvault.contracts.common.VerificationEvidence.TableCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rule of a verification: what the backup recorded against what the restore holds, figure by figure.
 * Plain: no I/O.
 *
 * @param tables     every recorded table with both sides' figures
 * @param mismatches what differs, one line each naming the database and the object; empty: VERIFIED
 */
public record VerificationCheck(List<TableCheck> tables, List<String> mismatches) {

    /** How many names of missing or extra objects one line lists. */
    private static final int NAMES_PER_LINE = 5;

    public boolean verified() {
        return mismatches.isEmpty();
    }

    /**
     * Compares each recorded database with its restore ({@code restored}, by source database name).
     * A sequence matches when its restored value lies between the values read before and after the dump.
     */
    public static VerificationCheck compare(List<DatabaseFigures> recorded, Map<String, DatabaseFigures> restored) {
        List<TableCheck> tables = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        for (DatabaseFigures source : recorded) {
            String db = "database " + source.database() + ": ";
            DatabaseFigures copy = restored.get(source.database());
            if (copy == null) {
                mismatches.add(db + "was not restored");
                source.tables().forEach(t -> tables.add(new TableCheck(source.database(), t.schema(), t.name(),
                        t.rows(), null, false)));
                continue;
            }
            Map<String, TableFigures> copies = new LinkedHashMap<>();
            copy.tables().forEach(t -> copies.put(qualified(t.schema(), t.name()), t));
            for (TableFigures table : source.tables()) {
                String name = qualified(table.schema(), table.name());
                TableFigures restoredTable = copies.remove(name);
                if (restoredTable == null) {
                    mismatches.add(db + "table " + name + " is missing from the restore");
                    tables.add(new TableCheck(source.database(), table.schema(), table.name(), table.rows(), null, false));
                    continue;
                }
                boolean digestMatches = table.digest() == null || table.digest().equals(restoredTable.digest());
                tables.add(new TableCheck(source.database(), table.schema(), table.name(), table.rows(),
                        restoredTable.rows(), digestMatches));
                if (table.rows() != restoredTable.rows()) {
                    mismatches.add(db + "table " + name + " has " + restoredTable.rows() + " rows restored; the backup"
                            + " recorded " + table.rows());
                } else if (!digestMatches) {
                    mismatches.add(db + "table " + name + " has the recorded " + table.rows() + " rows, but their"
                            + " content digest differs (" + restoredTable.digest() + " restored, " + table.digest()
                            + " recorded)");
                }
            }
            copies.keySet().forEach(extra -> mismatches.add(db + "table " + extra + " is in the restore but was"
                    + " not recorded"));
            sequences(db, source.sequences(), copy.sequences(), mismatches);
            if (source.largeObjects() != copy.largeObjects()) {
                mismatches.add(db + copy.largeObjects() + " large objects restored; the backup recorded "
                        + source.largeObjects());
            }
            differences(db, "schema", source.schemas(), copy.schemas(), mismatches);
            differences(db, "object", source.objects(), copy.objects(), mismatches);
        }
        return new VerificationCheck(tables, mismatches);
    }

    private static void sequences(String db, List<SequenceFigures> recorded, List<SequenceFigures> restored,
            List<String> mismatches) {
        Map<String, SequenceFigures> copies = new LinkedHashMap<>();
        restored.forEach(s -> copies.put(qualified(s.schema(), s.name()), s));
        for (SequenceFigures sequence : recorded) {
            String name = qualified(sequence.schema(), sequence.name());
            SequenceFigures copy = copies.get(name);
            if (copy == null) {
                mismatches.add(db + "sequence " + name + " is missing from the restore");
                continue;
            }
            Long value = copy.after();
            boolean matches = Objects.equals(sequence.before(), sequence.after())
                    ? Objects.equals(value, sequence.before())
                    : value != null && (sequence.before() == null || value >= sequence.before())
                            && sequence.after() != null && value <= sequence.after();
            if (!matches) {
                String expected = Objects.equals(sequence.before(), sequence.after()) ? String.valueOf(sequence.before())
                        : "between " + sequence.before() + " and " + sequence.after();
                mismatches.add(db + "sequence " + name + " is at " + value + " in the restore; the backup recorded "
                        + expected);
            }
        }
    }

    private static void differences(String db, String kind, List<String> recorded, List<String> restored,
            List<String> mismatches) {
        Set<String> missing = new LinkedHashSet<>(recorded);
        restored.forEach(missing::remove);
        Set<String> extra = new LinkedHashSet<>(restored);
        recorded.forEach(extra::remove);
        if (!missing.isEmpty()) {
            mismatches.add(db + missing.size() + " " + kind + (missing.size() == 1 ? "" : "s")
                    + " missing from the restore: " + names(missing));
        }
        if (!extra.isEmpty()) {
            mismatches.add(db + extra.size() + " " + kind + (extra.size() == 1 ? "" : "s")
                    + " in the restore but not recorded: " + names(extra));
        }
    }

    private static String names(Set<String> names) {
        List<String> first = names.stream().limit(NAMES_PER_LINE).toList();
        return String.join(", ", first) + (names.size() > NAMES_PER_LINE ? ", …" : "");
    }

    /** {@code schema.name}, each quoted only where SQL needs it (as {@code quote_ident} prints it). */
    static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    private static String ident(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : ConnInfo.identifier(name);
    }
}
