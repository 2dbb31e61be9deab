package io.pgvault.instance.policy;

import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import io.pgvault.contracts.common.VerifySetting;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.util.ArrayList;
import java.util.List;

/**
 * What a version of a backup policy says: its schedule and retention rules. The current version
 * ({@link BackupPolicy}) and every version as written ({@link BackupPolicyVersion}) hold the same columns.
 */
@MappedSuperclass
public abstract class PolicyTerms extends PanacheEntityBase {

    public String schedule;

    @Column(name = "time_zone")
    public String timeZone;

    @Column(name = "default_retention")
    public String defaultRetention;

    @Column(name = "weekly_retention")
    public String weeklyRetention;

    @Column(name = "monthly_retention")
    public String monthlyRetention;

    @Column(name = "yearly_retention")
    public String yearlyRetention;

    /** Restore verification: EVERY_BACKUP, OFF or an ISO-8601 duration; null: OFF (policies from before it). */
    @Column(name = "verify_every")
    public String verifyEvery;

    /** The verification server's name; null: job-service's configured one. */
    @Column(name = "verify_target")
    public String verifyTarget;

    /** The verification setting for a message; null when verification is off. */
    public VerifySetting verifySetting() {
        return verifyEvery == null || VerifySetting.OFF.equals(verifyEvery) ? null
                : new VerifySetting(verifyEvery, verifyTarget);
    }

    /** The schedule, parsed. */
    public Schedule parsedSchedule() {
        return Schedule.parse(schedule, timeZone);
    }

    /** The tagged rules, weekly, monthly, yearly, leaving out the tags without a rule. */
    public List<RetentionRule> taggedRules() {
        List<RetentionRule> rules = new ArrayList<>();
        if (weeklyRetention != null) {
            rules.add(new RetentionRule(RetentionTag.WEEKLY, weeklyRetention));
        }
        if (monthlyRetention != null) {
            rules.add(new RetentionRule(RetentionTag.MONTHLY, monthlyRetention));
        }
        if (yearlyRetention != null) {
            rules.add(new RetentionRule(RetentionTag.YEARLY, yearlyRetention));
        }
        return rules;
    }

    /** Copies the terms of {@code other}. */
    protected void copyTerms(PolicyTerms other) {
        schedule = other.schedule;
        timeZone = other.timeZone;
        defaultRetention = other.defaultRetention;
        weeklyRetention = other.weeklyRetention;
        monthlyRetention = other.monthlyRetention;
        yearlyRetention = other.yearlyRetention;
        verifyEvery = other.verifyEvery;
        verifyTarget = other.verifyTarget;
    }
}
