package io.pgvault.job.runner;

/** How many of a job's steps run at once, from a setting where {@code 0} means "from this host's cores". */
public final class Parallelism {

    private Parallelism() {
    }

    /** Databases a backup dumps at once: the setting, or the cores, at most 4. */
    public static int dumps(int setting, int cores) {
        return setting > 0 ? setting : Math.max(1, Math.min(4, cores));
    }

    /** {@code pg_restore --jobs}: the setting, or the cores, at least 2 and at most 4. */
    public static int restoreJobs(int setting, int cores) {
        return setting > 0 ? setting : Math.max(2, Math.min(4, cores));
    }
}
