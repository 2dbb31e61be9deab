package io.pgvault.job.runner;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which installed PostgreSQL client tools can dump a server: the newest major that is at least the
 * server's (a pg_dump dumps servers up to its own major, never newer).
 */
public final class ClientTools {

    private ClientTools() {
    }

    /** The major version of a {@code server_version_num}, e.g. 150004 → 15, 90624 → 9. */
    public static int majorOf(int serverVersionNum) {
        return serverVersionNum / 10000;
    }

    /** A {@code server_version_num} as a version string, e.g. 150004 → 15.4, 90624 → 9.6.24. */
    public static String versionOf(int serverVersionNum) {
        if (serverVersionNum >= 100000) {
            return serverVersionNum / 10000 + "." + serverVersionNum % 10000;
        }
        return serverVersionNum / 10000 + "." + serverVersionNum / 100 % 100 + "." + serverVersionNum % 100;
    }

    /** The newest installed major able to dump a server of {@code serverMajor}; empty if none is. */
    public static Optional<Integer> choose(List<Integer> installedMajors, int serverMajor) {
        return installedMajors.stream()
                .filter(major -> major >= serverMajor)
                .max(Comparator.naturalOrder());
    }
}
