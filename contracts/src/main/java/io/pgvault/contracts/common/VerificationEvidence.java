package io.pgvault.contracts.common;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The proof a verification job leaves on a recovery point: the point was restored into a scratch
 * database on the verification server and every figure recorded at backup time compared.
 *
 * @param outcome        VERIFIED (every figure matched, pg_restore ended without errors) or FAILED
 * @param jobId          the VERIFY job
 * @param startedAt      when the job started
 * @param finishedAt     when it ended
 * @param durationMillis how long it took
 * @param target         the verification server, {@code host:port}
 * @param tables         every recorded table, with the source's and the restore's figures
 * @param mismatches     what did not match, one line each naming the database and the object; empty when VERIFIED
 * @param warnings       what pg_restore wrote to stderr, one line each (at most 50)
 */
public record VerificationEvidence(Outcome outcome, UUID jobId, Instant startedAt, Instant finishedAt,
        long durationMillis, String target, List<TableCheck> tables, List<String> mismatches, List<String> warnings) {

    public VerificationEvidence {
        tables = tables == null ? List.of() : List.copyOf(tables);
        mismatches = mismatches == null ? List.of() : List.copyOf(mismatches);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** A verification's result. */
    public enum Outcome {
        /** The restore held exactly what the backup recorded. */
        VERIFIED,
        /** The restore failed or differed from what the backup recorded. */
        FAILED
    }

    /**
     * One table: what the backup recorded and what the restore holds.
     *
     * @param database      the source database
     * @param schema        the table's schema
     * @param name          the table's name
     * @param sourceRows    rows recorded at backup time
     * @param restoredRows  rows in the restore; {@code null} if the table is missing there
     * @param digestMatches whether the content digests are equal
     */
    public record TableCheck(String database, String schema, String name, long sourceRows, Long restoredRows,
            boolean digestMatches) {
    }
}
