package io.pgvault.job.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatabasePropertiesTest {

    /** What pg_dump 15 --create --schema-only -N '*' prints for a database with every kind of property. */
    private static final String SCRIPT = """
            --
            -- PostgreSQL database dump
            --
            \\restrict abc
            SET statement_timeout = 0;
            SELECT pg_catalog.set_config('search_path', '', false);
            CREATE DATABASE "Prop DB" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';
            ALTER DATABASE "Prop DB" OWNER TO app_owner;
            \\unrestrict abc
            \\connect -reuse-previous=on "dbname='Prop DB'"
            COMMENT ON DATABASE "Prop DB" IS 'multi
            line ''quoted''; comment';
            ALTER DATABASE "Prop DB" SET search_path TO 'app', 'public';
            CREATE EXTENSION IF NOT EXISTS plpgsql WITH SCHEMA pg_catalog;
            REVOKE CONNECT,TEMPORARY ON DATABASE "Prop DB" FROM PUBLIC;
            GRANT CONNECT ON DATABASE "Prop DB" TO reader;
            """;

    @Test
    void keepsOnlyTheDatabaseLevelStatementsWholeEvenAcrossLinesAndSemicolonsInLiterals() {
        assertThat(DatabaseProperties.statementsOf(SCRIPT)).containsExactly(
                "CREATE DATABASE \"Prop DB\" WITH TEMPLATE = template0 ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';",
                "ALTER DATABASE \"Prop DB\" OWNER TO app_owner;",
                "COMMENT ON DATABASE \"Prop DB\" IS 'multi\nline ''quoted''; comment';",
                "ALTER DATABASE \"Prop DB\" SET search_path TO 'app', 'public';",
                "REVOKE CONNECT,TEMPORARY ON DATABASE \"Prop DB\" FROM PUBLIC;",
                "GRANT CONNECT ON DATABASE \"Prop DB\" TO reader;");
    }

    @Test
    void appliesEveryPropertyToTheNewDatabaseName() {
        DatabaseProperties properties = DatabaseProperties.of(DatabaseProperties.statementsOf(SCRIPT), "restored \"x\"");
        assertThat(properties.create()).isEqualTo("CREATE DATABASE \"restored \"\"x\"\"\" WITH TEMPLATE = template0"
                + " ENCODING = 'UTF8' LOCALE_PROVIDER = libc LOCALE = 'C';");
        assertThat(properties.afterRestore()).containsExactly(
                "ALTER DATABASE \"restored \"\"x\"\"\" OWNER TO app_owner;",
                "COMMENT ON DATABASE \"restored \"\"x\"\"\" IS 'multi\nline ''quoted''; comment';",
                "ALTER DATABASE \"restored \"\"x\"\"\" SET search_path TO 'app', 'public';",
                "REVOKE CONNECT,TEMPORARY ON DATABASE \"restored \"\"x\"\"\" FROM PUBLIC;",
                "GRANT CONNECT ON DATABASE \"restored \"\"x\"\"\" TO reader;");
    }

    @Test
    void aPlainLowercaseNameIsFoundUnquoted() {
        DatabaseProperties properties = DatabaseProperties.of(List.of(
                "CREATE DATABASE orders WITH TEMPLATE = template0 ENCODING = 'LATIN1' LOCALE = 'C';",
                "ALTER DATABASE orders SET work_mem TO '8MB';"), "orders_copy");
        assertThat(properties.create()).startsWith("CREATE DATABASE \"orders_copy\" WITH").contains("LATIN1");
        assertThat(properties.afterRestore()).containsExactly("ALTER DATABASE \"orders_copy\" SET work_mem TO '8MB';");
    }
}
