package io.pgvault.instance.policy;

import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The current version of a backup policy. */
@Entity
@Table(name = "backup_policy")
public class BackupPolicy extends PanacheEntityBase {

    @Id
    public UUID id;

    public String name;

    /** 1 when created, incremented by every update. */
    public int version;

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

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

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

    /** The retention rules as they are now, frozen for a message. */
    public PolicySnapshot snapshot() {
        return new PolicySnapshot(id, name, version, timeZone, defaultRetention, taggedRules());
    }
}
