package io.pgvault.instance.policy;

import java.time.Instant;
import java.util.List;

/**
 * A schedule preview: the next runs of a schedule as typed, in UTC (fewer than asked when the schedule ends).
 *
 * @param schedule the schedule as sent
 * @param timeZone the time zone it is read in
 * @param nextRuns the next runs after now
 */
public record NextRunsResponse(String schedule, String timeZone, List<Instant> nextRuns) {}
