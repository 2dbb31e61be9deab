package io.pgvault.contracts.common;

import java.util.List;

/**
 * What one database held when it was dumped, read in the dump's own snapshot ({@code pg_dump --snapshot}
 * of a snapshot exported by the transaction that ran these queries), so the figures and the dump describe
 * the same data. A verification restores the dump and compares every figure.
 *
 * @param database     the source database
 * @param tables       every ordinary table (partitions included, extension members excluded), by schema and
 *                     name
 * @param sequences    every sequence and its value, read just before and just after the dump (sequences are
 *                     not transactional: the dumped value lies between the two)
 * @param largeObjects the number of large objects
 * @param schemas      the schemas, sorted (system schemas excluded)
 * @param objects      the objects, sorted, each {@code kind schema.name} ({@code table}, {@code view},
 *                     {@code index}, {@code sequence}, {@code function public.f(integer)}, …)
 */
public record DatabaseFigures(String database, List<TableFigures> tables, List<SequenceFigures> sequences,
        long largeObjects, List<String> schemas, List<String> objects) {

    public DatabaseFigures {
        tables = tables == null ? List.of() : List.copyOf(tables);
        sequences = sequences == null ? List.of() : List.copyOf(sequences);
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        objects = objects == null ? List.of() : List.copyOf(objects);
    }

    /**
     * One table's content.
     *
     * @param schema its schema
     * @param name   its name
     * @param rows   its row count
     * @param digest the sum, as a decimal number, of the first 64 bits of {@code md5(row::text)} (signed) over
     *               every row: independent of row order (no sort), sensitive to any change in any row's text
     */
    public record TableFigures(String schema, String name, long rows, String digest) {
    }

    /**
     * One sequence's value.
     *
     * @param schema its schema
     * @param name   its name
     * @param before {@code last_value} just before the dump ({@code null}: never used)
     * @param after  {@code last_value} just after the dump ({@code null}: never used)
     */
    public record SequenceFigures(String schema, String name, Long before, Long after) {
    }
}
