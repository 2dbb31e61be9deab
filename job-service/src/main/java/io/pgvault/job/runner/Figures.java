package io.pgvault.job.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.DatabaseFigures;
import io.pgvault.contracts.common.DatabaseFigures.SequenceFigures;
import io.pgvault.contracts.common.DatabaseFigures.TableFigures;
import io.pgvault.job.jobs.ErrorCode;
import io.pgvault.job.jobs.JobFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The queries behind {@link DatabaseFigures}, run in a {@link PsqlSession}: at backup time in the
 * transaction whose snapshot {@code pg_dump --snapshot} dumps, at verification in the scratch database.
 * Each answers one line of JSON ({@code jsonb}'s text, which never spans lines).
 *
 * <p>The content digest of a table is {@code sum(first 64 bits of md5(row::text))}: one sequential scan
 * and one MD5 per row, no sort and no memory beyond the sum, independent of the physical row order (which a
 * restore changes), and changed by any change to any row's text (a collision needs two MD5 prefixes to
 * cancel out). Its cost is about that of reading the table once more; {@code counts} skips it.
 */
final class Figures {

    /** What a backup records: {@code digest} (counts and digests), {@code counts}, or {@code off}. */
    enum Mode {
        DIGEST, COUNTS, OFF;

        static Mode parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pgvault.job.backup-figures must be digest, counts or off, not '"
                        + value + "'");
            }
        }
    }

    /** Schemas of the system: never part of the figures. */
    private static final String USER_SCHEMA = "n.nspname not in ('pg_catalog', 'information_schema')"
            + " and n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

    private static String notExtensionMember(String catalog, String oid) {
        return "not exists (select 1 from pg_depend d where d.classid = '" + catalog + "'::regclass and d.objid = "
                + oid + " and d.deptype = 'e')";
    }

    private static final String TABLES = "select format('select jsonb_build_object(''schema'', %L, ''name'', %L,"
            + " ''rows'', count(*), ''digest'', %s)::text from only %I.%I pgvault_r', n.nspname, c.relname, :'digest',"
            + " n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where c.relkind = 'r' and c.relpersistence <> 't' and " + USER_SCHEMA + " and "
            + notExtensionMember("pg_class", "c.oid") + " order by n.nspname, c.relname \\gexec";

    private static final String DIGEST = "coalesce(sum(('x' || left(md5(row(pgvault_r.*)::text), 16))::bit(64)"
            + "::bigint::numeric), 0)::text";

    private static final String OBJECTS = "select jsonb_build_object("
            + "'largeObjects', (select count(*) from pg_largeobject_metadata),"
            + "'schemas', coalesce((select jsonb_agg(n.nspname order by n.nspname) from pg_namespace n where "
            + USER_SCHEMA + " and n.nspname <> 'public' and " + notExtensionMember("pg_namespace", "n.oid")
            + "), '[]'),"
            + "'objects', coalesce((select jsonb_agg(o order by o) from ("
            + " select (case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'"
            + " when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table'"
            + " else 'index' end) || ' ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname) as o"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            + " where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f', 'i', 'I') and c.relpersistence <> 't' and "
            + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid")
            + " union all select 'function ' || p.oid::regprocedure::text from pg_proc p"
            + " join pg_namespace n on n.oid = p.pronamespace where " + USER_SCHEMA + " and "
            + notExtensionMember("pg_proc", "p.oid")
            + " union all select 'type ' || format_type(t.oid, null) from pg_type t"
            + " join pg_namespace n on n.oid = t.typnamespace where t.typtype in ('e', 'd', 'r') and " + USER_SCHEMA
            + " and " + notExtensionMember("pg_type", "t.oid") + ") objs), '[]'))::text;";

    private static final String SEQUENCES = "select coalesce(jsonb_agg(jsonb_build_object('schema', n.nspname,"
            + " 'name', c.relname, 'value', case when has_sequence_privilege(c.oid, 'SELECT,USAGE')"
            + " then pg_sequence_last_value(c.oid) end) order by n.nspname, c.relname), '[]')::text"
            + " from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and "
            + USER_SCHEMA + " and " + notExtensionMember("pg_class", "c.oid") + ";";

    private final ObjectMapper mapper;

    Figures(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The tables, large objects, schemas and objects of the session's database ({@code mode} DIGEST or
     * COUNTS), with the sequence values read before and after the dump.
     */
    DatabaseFigures read(PsqlSession session, String database, Mode mode, List<SequenceFigures> sequences)
            throws IOException {
        String digest = mode == Mode.DIGEST ? DIGEST : "null";
        List<TableFigures> tables = new ArrayList<>();
        for (String line : session.query("\\set digest " + quoted(digest) + "\n" + TABLES)) {
            JsonNode row = parse(line);
            tables.add(new TableFigures(row.path("schema").asText(), row.path("name").asText(), row.path("rows")
                    .asLong(), row.path("digest").isNull() ? null : row.path("digest").asText()));
        }
        JsonNode objects = parse(single(session.query(OBJECTS)));
        return new DatabaseFigures(database, tables, sequences, objects.path("largeObjects").asLong(),
                strings(objects.path("schemas")), strings(objects.path("objects")));
    }

    /** Each sequence's {@code last_value} now; {@code null} for a sequence never used (PostgreSQL 10 or later). */
    List<SequenceFigures> sequences(PsqlSession session) throws IOException {
        List<SequenceFigures> found = new ArrayList<>();
        for (JsonNode s : parse(single(session.query(SEQUENCES)))) {
            Long value = s.path("value").isNull() ? null : s.path("value").asLong();
            found.add(new SequenceFigures(s.path("schema").asText(), s.path("name").asText(), value, value));
        }
        return found;
    }

    /** The sequences read before the dump, with the values read after it as {@code after}. */
    static List<SequenceFigures> span(List<SequenceFigures> before, List<SequenceFigures> after) {
        List<SequenceFigures> spanned = new ArrayList<>();
        for (SequenceFigures b : before) {
            Long later = after.stream().filter(a -> a.schema().equals(b.schema()) && a.name().equals(b.name()))
                    .map(SequenceFigures::after).findFirst().orElse(b.after());
            spanned.add(new SequenceFigures(b.schema(), b.name(), b.before(), later));
        }
        return spanned;
    }

    /** A psql variable's value in single quotes (psql's own quoting: a quote doubled... by backslash). */
    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String single(List<String> lines) {
        if (lines.size() != 1) {
            throw new JobFailure(ErrorCode.INTERNAL.error("a figures query answered " + lines.size()
                    + " lines instead of one"));
        }
        return lines.get(0);
    }

    private JsonNode parse(String line) {
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            throw new JobFailure(ErrorCode.INTERNAL.error("a figures query answered no JSON: " + e.getMessage()));
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }
}
