package io.pgvault.instance.policy;

import java.time.Instant;

/**
 * One version of a policy as it was written.
 *
 * @param version          the version
 * @param schedule         schedule of that version
 * @param timeZone         time zone of that version
 * @param defaultRetention default retention of that version
 * @param weeklyRetention  WEEKLY rule, or null
 * @param monthlyRetention MONTHLY rule, or null
 * @param yearlyRetention  YEARLY rule, or null
 * @param createdAt        when it was written
 */
public record PolicyVersionResponse(int version, String schedule, String timeZone, String defaultRetention,
        String weeklyRetention, String monthlyRetention, String yearlyRetention, Instant createdAt) {

    public static PolicyVersionResponse from(BackupPolicyVersion v) {
        return new PolicyVersionResponse(v.key.version, v.schedule, v.timeZone, v.defaultRetention, v.weeklyRetention,
                v.monthlyRetention, v.yearlyRetention, v.createdAt);
    }
}
