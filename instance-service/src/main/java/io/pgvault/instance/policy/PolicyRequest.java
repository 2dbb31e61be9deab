package io.pgvault.instance.policy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A backup policy as a user writes it (create, or update = a new version).
 *
 * @param name             unique name
 * @param schedule         ISO-8601 repeating interval ({@code R/2026-01-01T02:00:00Z/P1D}) or 5-field cron
 * @param timeZone         IANA time zone of the schedule and of weeks/months/years; default {@code UTC}
 * @param defaultRetention ISO-8601 duration points are kept for, e.g. {@code P30D}
 * @param taggedRules      optional longer retention of the first point of a week/month/year
 * @param verify           optional restore verification of the policy's points; absent: off
 */
public record PolicyRequest(
        @NotBlank @Size(max = 100) String name,
        @NotBlank @Size(max = 200) String schedule,
        @Size(max = 64) String timeZone,
        @NotBlank @Size(max = 50) String defaultRetention,
        @Size(max = 3) List<@Valid TaggedRule> taggedRules,
        @Valid Verify verify) {

    /** A request without a verification setting. */
    public PolicyRequest(String name, String schedule, String timeZone, String defaultRetention,
            List<TaggedRule> taggedRules) {
        this(name, schedule, timeZone, defaultRetention, taggedRules, null);
    }

    /**
     * Restore verification of the policy's points (issue 14).
     *
     * @param every  {@code EVERY_BACKUP}, {@code OFF}, or an ISO-8601 duration such as {@code P7D}: a backup's point
     *               is verified when the instance's last verification is older than that
     * @param target the verification server's name; absent: job-service's configured one
     */
    public record Verify(@Size(max = 50) String every, @Size(max = 100) String target) {}

    /**
     * A tagged retention rule.
     *
     * @param tag      WEEKLY, MONTHLY or YEARLY
     * @param duration ISO-8601 duration, e.g. {@code P12W}
     */
    public record TaggedRule(@Size(max = 16) String tag, @Size(max = 50) String duration) {}
}
