package io.pgvault.job.runner;

import java.util.List;
import java.util.Locale;

/**
 * How a backup's artifacts are compressed, from {@code pgvault.job.compression}: {@code gzip:<0-9>}
 * (pg_dump's own compression), {@code zstd:<1-19>} ({@code pg_dump -Z0} and zstd in the stream) or
 * {@code none}.
 *
 * @param codec the algorithm
 * @param level its level
 */
public record Compression(Codec codec, int level) {

    /** Compression algorithm. */
    public enum Codec {
        NONE, GZIP, ZSTD
    }

    /**
     * Parses a setting.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static Compression parse(String setting) {
        String value = setting == null ? "" : setting.strip().toLowerCase(Locale.ROOT);
        if (value.equals("none")) {
            return new Compression(Codec.NONE, 0);
        }
        String[] parts = value.split(":", 2);
        try {
            if (parts.length == 2 && parts[0].equals("gzip")) {
                int level = Integer.parseInt(parts[1]);
                if (level >= 0 && level <= 9) {
                    return new Compression(Codec.GZIP, level);
                }
            } else if (parts.length == 2 && parts[0].equals("zstd")) {
                int level = Integer.parseInt(parts[1]);
                if (level >= 1 && level <= 19) {
                    return new Compression(Codec.ZSTD, level);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("pgvault.job.compression must be gzip:<0-9>, zstd:<1-19> or none, not '"
                + setting + "'");
    }

    /** The {@code -Z} argument for pg_dump: the gzip level, or 0 when the stream compresses. */
    public List<String> pgDumpArgs() {
        return List.of("-Z" + (codec == Codec.GZIP ? level : 0));
    }

    /** Whether job-service compresses the stream itself. */
    public boolean inStream() {
        return codec == Codec.ZSTD;
    }

    /** File name suffix of a stream-compressed artifact. */
    public String suffix() {
        return inStream() ? ".zst" : "";
    }

    /** The manifest's {@code compression} of a dump artifact. */
    public String dumpLabel() {
        return codec.name().toLowerCase(Locale.ROOT);
    }

    /** The manifest's {@code compression} of the globals script (plain SQL unless the stream compresses). */
    public String globalsLabel() {
        return inStream() ? "zstd" : "none";
    }
}
