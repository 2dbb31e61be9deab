package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobError;
import org.junit.jupiter.api.Test;

/** Real stderr of PostgreSQL 15/16 client tools. */
class StderrClassifierTest {

    private static final StderrClassifier.Context CONTEXT = new StderrClassifier.Context("pg_dump",
            "db.example.com:5432", "secret file /run/pgvault/secrets/42.password");

    private static JobError classify(String stderr) {
        return StderrClassifier.classify(stderr, CONTEXT);
    }

    @Test
    void aLockTimeoutNamesTheTablePgDumpWaitedFor() {
        // pg_dump 15's --lock-wait-timeout is a statement_timeout around its LOCK TABLE.
        JobError error = classify("""
                pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout
                pg_dump: detail: Query was: LOCK TABLE public."Orders 2026" IN ACCESS SHARE MODE
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
        assertThat(error.message()).contains("table public.\"Orders 2026\"").contains("db.example.com:5432");
        assertThat(error.recommendation()).contains("pgvault.job.lock-wait-timeout");
    }

    @Test
    void aLockTimeoutOfABatchNamesEveryTableOfTheStatement() {
        JobError error = classify("""
                pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout
                pg_dump: detail: Query was: LOCK TABLE public.a, sales.b, public."c, d" IN ACCESS SHARE MODE
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
        assertThat(error.message()).contains("one of the tables public.a, sales.b");
    }

    @Test
    void aStatementTimeoutOfAnotherQueryIsNoLockTimeout() {
        JobError error = classify("""
                pg_dump: error: query failed: ERROR:  canceling statement due to statement timeout
                pg_dump: detail: Query was: SELECT pg_catalog.pg_get_viewdef('16390'::pg_catalog.oid) AS viewdef
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void aLockTimeoutWithoutTheStatementStillSaysLockTimeout() {
        JobError error = classify("pg_dump: error: query failed: ERROR:  canceling statement due to lock timeout\n");
        assertThat(error.code()).isEqualTo(ErrorCode.LOCK_TIMEOUT);
        assertThat(error.message()).contains("canceling statement due to lock timeout");
    }

    @Test
    void connectionRefusedIsAnUnreachableHost() {
        JobError error = classify("""
                pg_dump: error: connection to server at "127.0.0.1", port 1 failed: Connection refused
                \tIs the server running on that host and accepting TCP/IP connections?
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.HOST_UNREACHABLE);
        assertThat(error.message()).contains("db.example.com:5432").contains("Connection refused");
    }

    @Test
    void anUnknownHostNameIsAnUnreachableHost() {
        assertThat(classify("pg_dump: error: could not translate host name \"no-such-host.invalid\" to address:"
                + " Name or service not known\n").code()).isEqualTo(ErrorCode.HOST_UNREACHABLE);
        assertThat(classify("psql: error: connection to server at \"10.1.2.3\", port 5432 failed: timeout expired\n")
                .code()).isEqualTo(ErrorCode.HOST_UNREACHABLE);
    }

    @Test
    void aWrongPasswordNamesWhereThePasswordWasLookedFor() {
        JobError error = classify("pg_dump: error: connection to server at \"db.example.com\" (10.0.0.5), port 5432"
                + " failed: FATAL:  password authentication failed for user \"backup\"\n");
        assertThat(error.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(error.message()).contains("/run/pgvault/secrets/42.password").contains("backup");
    }

    @Test
    void aMissingPasswordOrHbaEntryIsAnAuthenticationFailure() {
        assertThat(classify("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed:"
                + " fe_sendauth: no password supplied\n").code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
        assertThat(classify("pg_dumpall: error: connection to server at \"10.0.0.5\", port 5432 failed: FATAL:  no"
                + " pg_hba.conf entry for host \"10.0.0.9\", user \"backup\", database \"postgres\", no encryption\n")
                .code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aRoleMissingOnTheRestoreTargetIsNamedAndIsNotALoginFailure() {
        JobError error = classify("pg_restore: error: could not execute query: ERROR:  role \"reporting\" does not exist\n"
                + "Command was: GRANT SELECT ON TABLE public.customers TO reporting;\n");
        assertThat(error.code()).isEqualTo(ErrorCode.ROLE_MISSING);
        assertThat(error.message()).contains("\"reporting\"");
        assertThat(error.recommendation()).contains("includeGlobals");
        assertThat(classify("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  role"
                + " \"backup\" does not exist\n").code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    }

    @Test
    void aMissingDatabaseIsNamed() {
        JobError error = classify("pg_dump: error: connection to server at \"127.0.0.1\", port 5432 failed: FATAL: "
                + " database \"orders\" does not exist\n");
        assertThat(error.code()).isEqualTo(ErrorCode.DATABASE_MISSING);
        assertThat(error.message()).contains("\"orders\"");
    }

    @Test
    void aFullDiskIsDiskFull() {
        assertThat(classify("pg_dump: error: could not write to output file: No space left on device\n").code())
                .isEqualTo(ErrorCode.DISK_FULL);
    }

    @Test
    void aServerNewerThanPgDumpRecommendsTheClientPackageOfItsMajor() {
        JobError error = classify("""
                pg_dump: error: aborting because of server version mismatch
                pg_dump: detail: server version: 16.1 (Debian 16.1-1.pgdg120+1); pg_dump version: 15.5 (Debian 15.5-0+deb12u1)
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.PG_DUMP_TOO_OLD);
        assertThat(error.recommendation()).contains("postgresql-client-16");
    }

    @Test
    void anExistingTargetDatabaseIsTargetExists() {
        JobError error = classify("psql:<stdin>:1: ERROR:  database \"orders_restored\" already exists\n");
        assertThat(error.code()).isEqualTo(ErrorCode.TARGET_EXISTS);
        assertThat(error.message()).contains("orders_restored");
        assertThat(classify("psql:<stdin>:1: ERROR:  database \"Sales \"EU\" db's\" already exists\n").message())
                .contains("\"Sales \"EU\" db's\"");
    }

    @Test
    void linesThatQuoteDataOrStatementsNeverReachTheJobsError() {
        JobError error = classify("""
                pg_restore: error: could not execute query: ERROR:  duplicate key value violates unique constraint "c_pkey"
                DETAIL:  Key (email)=(alice@example.com) already exists.
                CONTEXT:  COPY customers, line 7: "42\talice@example.com\tAlice Secret"
                Command was: COPY public.customers (id, email, name) FROM stdin;
                """);
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.message()).contains("duplicate key value").doesNotContain("alice").doesNotContain("COPY");
        JobError onlyData = classify("LINE 1: insert into t values ('card 4111 1111 1111 1111 error')\n"
                + "psql:<stdin>:1: DETAIL:  Failing row contains (4111).\n");
        assertThat(onlyData.message()).doesNotContain("4111");
    }

    @Test
    void anythingElseIsInternalWithTheFirstErrorLine() {
        JobError error = classify("pg_dump: warning: something\npg_dump: error: query failed: ERROR:  out of"
                + " shared memory\n");
        assertThat(error.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(error.message()).contains("out of shared memory");
    }
}
