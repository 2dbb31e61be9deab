package io.pgvault.job;

import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Source and restored databases on the test PostgreSQL server, over JDBC. */
public final class SourceDatabases {

    private SourceDatabases() {
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(TestInfra.jdbcUrl(database), TestInfra.pgUser(),
                TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword());
    }

    /** A database with data of many types: tables (one mixed-case), a sequence, a view, a function, jsonb, bytea, a large object. */
    public static void createMixed(String name) throws SQLException {
        PgVaultTestResource.createDatabaseIfMissing(name);
        try (Connection c = connect(name); Statement s = c.createStatement()) {
            s.execute("""
                    create table "MixedCase Orders" (
                        id bigserial primary key, customer text not null, total numeric(12,2),
                        placed timestamptz not null default '2026-01-01T00:00:00Z', tags text[], doc jsonb,
                        payload bytea, ref uuid)""");
            s.execute("""
                    insert into "MixedCase Orders" (customer, total, placed, tags, doc, payload, ref)
                    select 'customer ' || g, g * 1.25, timestamptz '2026-01-01' + g * interval '1 minute',
                           array['t' || (g % 7), 'all'], jsonb_build_object('n', g, 'text', repeat('x', g % 40), 'ok', g % 2 = 0),
                           decode(md5(g::text), 'hex'), md5(g::text)::uuid
                    from generate_series(1, 3000) g""");
            s.execute("create table items (id int primary key, order_id bigint references \"MixedCase Orders\"(id),"
                    + " name text, qty int)");
            s.execute("insert into items select g, 1 + g % 3000, 'item ' || g, g % 9 from generate_series(1, 6000) g");
            s.execute("create sequence invoice_no start 1000");
            s.execute("select setval('invoice_no', 4242)");
            s.execute("create view big_orders as select id, customer, total from \"MixedCase Orders\" where total > 3000");
            s.execute("create function order_total(p bigint) returns numeric language sql as"
                    + " $$ select total from \"MixedCase Orders\" where id = p $$");
            s.execute("create table documents (id int primary key, content oid)");
            s.execute("insert into documents values (1, lo_from_bytea(0, convert_to(repeat('large object ', 5000), 'UTF8')))");
        }
    }

    /** Row count and ordered checksum of every table in schema public, by table name. */
    public static Map<String, String> fingerprint(String database) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                String quoted = '"' + table.replace("\"", "\"\"") + '"';
                try (ResultSet rs = s.executeQuery("select count(*), md5(string_agg(t::text, ',' order by t::text))"
                        + " from " + quoted + " t")) {
                    rs.next();
                    result.put(table, rs.getLong(1) + "/" + rs.getString(2));
                }
            }
            result.put("sequence invoice_no", scalar(s, "select last_value::text from invoice_no"));
            result.put("large object", scalar(s, "select md5(lo_get(content)) from documents where id = 1"));
            result.put("view", scalar(s, "select count(*)::text from big_orders"));
            result.put("function", scalar(s, "select order_total(7)::text"));
        }
        return result;
    }

    /** Row count and ordered checksum of one table (a plain lowercase name). */
    public static String fingerprintOf(String database, String table) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            return scalar(s, "select count(*) || '/' || md5(string_agg(t::text, ',' order by t::text)) from " + table + " t");
        }
    }

    public static String scalar(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static boolean exists(String database) throws SQLException {
        try (Connection c = connect("postgres");
                var ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
