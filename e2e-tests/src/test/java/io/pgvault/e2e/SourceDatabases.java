package io.pgvault.e2e;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The source server's databases with real data, and what a user compares after a restore. */
public final class SourceDatabases {

    private SourceDatabases() {}

    public static Connection connect(String database) throws SQLException {
        String url = "jdbc:postgresql://" + TestInfra.pgHost() + ":" + TestInfra.pgPort() + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
        return DriverManager.getConnection(url, TestInfra.pgUser(), TestInfra.pgPassword());
    }

    public static void dropIfExists(String database) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("drop database if exists " + quote(database) + " with (force)");
        }
    }

    /** {@code pgbench -i -s 1} into a fresh {@code database} (100,000 accounts). */
    public static void pgbench(String database, Path log) throws IOException, InterruptedException, SQLException {
        dropIfExists(database);
        PgVaultTestResource.createDatabaseIfMissing(database);
        Path bin = Path.of(System.getProperty(TestInfra.PG_BIN));
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("pgbench").toString(), "-i", "-s", "1", "-q",
                "-h", TestInfra.pgHost(), "-p", String.valueOf(TestInfra.pgPort()), "-U", TestInfra.pgUser(), database)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        if (TestInfra.pgPassword() != null) {
            pb.environment().put("PGPASSWORD", TestInfra.pgPassword());
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("pgbench -i failed: " + Files.readString(log));
        }
    }

    /**
     * Sequences, a view, a function, jsonb, bytea, a large object, a mixed-case and a unicode table name,
     * a partitioned table and grants to a role.
     */
    public static void mixed(String database) throws SQLException {
        dropIfExists(database);
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            // a locale other than the cluster's (C.UTF-8), and database-level properties pg_dump keeps only with --create
            s.execute("create database " + quote(database) + " template template0 encoding 'UTF8' locale 'C'");
            s.execute("do $$ begin if not exists (select from pg_roles where rolname = 'e2e_reader') then "
                    + "create role e2e_reader; end if; end $$");
            s.execute("comment on database " + quote(database) + " is 'sales; the ''real'' one'");
            s.execute("alter database " + quote(database) + " set search_path to public, \"Sales Schema\"");
            s.execute("revoke temporary on database " + quote(database) + " from public");
            s.execute("grant connect on database " + quote(database) + " to e2e_reader");
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("create sequence invoice_no start 1000");
            s.execute("""
                    create table "OrderLines" (id bigserial primary key, invoice bigint not null default nextval('invoice_no'),
                      sku text not null, qty int not null, attrs jsonb, photo bytea, created timestamptz not null default now())""");
            s.execute("""
                    insert into "OrderLines"(sku, qty, attrs, photo)
                    select 'SKU-' || g, g % 7, jsonb_build_object('g', g, 'tags', jsonb_build_array('a', 'ü', g % 3)),
                           decode(md5(g::text), 'hex') || '\\x00ff'::bytea
                    from generate_series(1, 5000) g""");
            s.execute("create table customers (id int primary key, name text not null, meta jsonb)");
            s.execute("insert into customers select g, 'Customer ' || g, '{\"vip\": true, \"n\": 1.5}' from generate_series(1, 300) g");
            s.execute("create view big_orders as select id, sku, qty from \"OrderLines\" where qty > 3");
            s.execute("create function line_total(q int, p numeric) returns numeric language sql immutable as $$ select q * p $$");
            s.execute("create table documents (id int primary key, body oid not null)");
            s.execute("insert into documents values (1, lo_from_bytea(0, convert_to(repeat('pgvault large object ', 5000), 'UTF8')))");
            s.execute("""
                    create table measurements (id int not null, taken date not null, value numeric(12, 3))
                    partition by range (taken)""");
            s.execute("create table measurements_2025 partition of measurements for values from ('2025-01-01') to ('2026-01-01')");
            s.execute("create table measurements_2026 partition of measurements for values from ('2026-01-01') to ('2027-01-01')");
            s.execute("""
                    insert into measurements select g, date '2025-06-01' + (g % 400), g * 1.125
                    from generate_series(1, 2000) g""");
            s.execute("create table \"Straße ✓\" (schlüssel text primary key, wert text)");
            s.execute("insert into \"Straße ✓\" values ('äöü', '日本語'), ('emoji', '🐘'), ('quote''s', 'tab\there')");
            s.execute("grant select on customers, \"OrderLines\" to e2e_reader");
            s.execute("grant usage on sequence invoice_no to e2e_reader");
        }
    }

    /**
     * What a user compares: every table's row count and ordered checksum, the sequences' values, the view's
     * row count, the function's answer, the grants and partition parents, and the large objects' content.
     */
    public static Map<String, String> fingerprint(String database) throws SQLException {
        Map<String, String> facts = new LinkedHashMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
                      and n.nspname not like 'pg_toast%' order by 1""")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select count(*), md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from "
                        + table + " t")) {
                    rs.next();
                    facts.put("table " + table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select format('%I.%I', schemaname, sequencename), coalesce(last_value, 0) from pg_sequences order by 1""")) {
                while (rs.next()) {
                    facts.put("sequence " + rs.getString(1), rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select format('%I.%I', schemaname, viewname) from pg_views
                    where schemaname not in ('pg_catalog', 'information_schema') order by 1""")) {
                List<String> views = new ArrayList<>();
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
                for (String view : views) {
                    try (Statement v = c.createStatement(); ResultSet vr = v.executeQuery("select count(*) from " + view)) {
                        vr.next();
                        facts.put("view " + view, vr.getLong(1) + " rows");
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                    where n.nspname = 'public' order by 1""")) {
                while (rs.next()) {
                    facts.put("function " + rs.getString(1), "present");
                }
            }
            if (facts.containsKey("function line_total")) {
                try (ResultSet rs = s.executeQuery("select line_total(3, 2.5)")) {
                    rs.next();
                    facts.put("line_total(3, 2.5)", rs.getBigDecimal(1).toPlainString());
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select format('%I.%I', n.nspname, c.relname), c.relkind, c.relacl::text,
                           (select format('%I', p.relname) from pg_inherits i join pg_class p on p.oid = i.inhparent
                            where i.inhrelid = c.oid)
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and (c.relacl is not null or c.relispartition) order by 1""")) {
                while (rs.next()) {
                    facts.put("privileges and parent of " + rs.getString(1),
                            rs.getString(2) + " acl " + rs.getString(3) + " partition of " + rs.getString(4));
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    select pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, pg_get_userbyid(d.datdba),
                           (select string_agg(a::text, ',' order by a::text) from unnest(d.datacl) a),
                           shobj_description(d.oid, 'pg_database'),
                           (select array_to_string(setconfig, ' | ') from pg_db_role_setting
                            where setdatabase = d.oid and setrole = 0)
                    from pg_database d where d.datname = current_database()""")) {
                rs.next();
                facts.put("database encoding/collate/ctype/owner", rs.getString(1) + " " + rs.getString(2) + " "
                        + rs.getString(3) + " " + rs.getString(4));
                facts.put("database privileges", rs.getString(5));
                facts.put("database comment", rs.getString(6));
                facts.put("database settings", rs.getString(7));
            }
            try (ResultSet rs = s.executeQuery("select count(*), md5(coalesce(string_agg(md5(lo_get(oid)), ',' order by oid), '')) "
                    + "from pg_largeobject_metadata")) {
                rs.next();
                facts.put("large objects", rs.getLong(1) + ", md5 " + rs.getString(2));
            }
        }
        return facts;
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
