package io.pgvault.retention.impact;

import io.pgvault.retention.impact.ImpactPlan.PointImpact;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An action's impact on recovery points, before it is taken; nothing was changed to compute it.
 *
 * @param action       the action, as the API calls it
 * @param instanceId   the instance ({@code null} for a vault change, which concerns every instance)
 * @param at           the moment previewed (now)
 * @param floor        the floor after the action
 * @param gracePeriod  the grace period after the action (ISO-8601)
 * @param immutability the vault's immutability (DISABLED, ENABLED, LOCKED)
 * @param refusal      why the action would be refused as asked; null if it would be taken
 * @param totals       per outcome: how many points, how many bytes, and what it means
 * @param points       every point concerned, newest first, with what happens to it and when
 * @param truncated    more points are concerned than listed (the totals count them all)
 * @param assumptions  what the dates take for granted
 */
public record ImpactPreview(String action, UUID instanceId, Instant at, int floor, String gracePeriod,
        String immutability, String refusal, List<Total> totals, List<PointImpact> points, boolean truncated,
        String assumptions) {

    /** The most points one preview lists. */
    static final int LIMIT = 1000;

    static final String ASSUMPTIONS = "dates assume nothing else happens until then: no new backup, hold, pin,"
            + " renewal or extension; a point goes at the first sweep after its date";

    /**
     * @param outcome what happens to these points
     * @param count   how many
     * @param bytes   their size
     * @param summary the outcome in words, with the figures
     */
    public record Total(Outcome outcome, long count, long bytes, String summary) {
    }

    static ImpactPreview of(ImpactPlan plan, UUID instanceId, String immutability) {
        Map<Outcome, long[]> sums = new EnumMap<>(Outcome.class);
        for (PointImpact p : plan.points()) {
            long[] sum = sums.computeIfAbsent(p.outcome(), o -> new long[2]);
            sum[0]++;
            sum[1] += p.sizeBytes();
        }
        List<Total> totals = new ArrayList<>();
        sums.forEach((outcome, sum) -> totals.add(new Total(outcome, sum[0], sum[1],
                sum[0] + " point(s), " + sum[1] + " bytes: " + outcome.describe())));
        boolean truncated = plan.points().size() > LIMIT;
        return new ImpactPreview(plan.action(), instanceId, plan.at(), plan.floor(), plan.gracePeriod(), immutability,
                plan.refusal(), List.copyOf(totals), truncated ? plan.points().subList(0, LIMIT) : plan.points(),
                truncated, ASSUMPTIONS);
    }
}
