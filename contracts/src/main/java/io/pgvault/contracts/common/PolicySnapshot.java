package io.pgvault.contracts.common;

import java.util.List;
import java.util.UUID;

/**
 * A backup policy's retention rules, frozen when a backup was requested, so that a later change of
 * the policy cannot touch points already taken.
 *
 * @param policyId         id of the policy
 * @param policyName       name of the policy at that time
 * @param policyVersion    version of the policy, incremented on every change
 * @param timeZone         IANA time zone id (e.g. {@code Europe/Berlin}) in which weeks, months and
 *                         years are counted
 * @param defaultRetention ISO-8601 duration (see {@link RetentionRule#duration()}) for points no
 *                         tagged rule claims
 * @param taggedRules      rules for tagged points, at most one per tag; empty if none
 * @param verify           how often the policy's points are verified; {@code null} (and in messages of
 *                         producers older than this field): never
 */
public record PolicySnapshot(UUID policyId, String policyName, int policyVersion, String timeZone,
        String defaultRetention, List<RetentionRule> taggedRules, VerifySetting verify) {

    public PolicySnapshot {
        taggedRules = taggedRules == null ? null : List.copyOf(taggedRules);
    }

    /** A snapshot without a verification setting (as before the field). */
    public PolicySnapshot(UUID policyId, String policyName, int policyVersion, String timeZone,
            String defaultRetention, List<RetentionRule> taggedRules) {
        this(policyId, policyName, policyVersion, timeZone, defaultRetention, taggedRules, null);
    }
}
