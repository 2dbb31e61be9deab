package io.pgvault.retention.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExpiryCalculatorTest {

    private static final UUID POLICY = UUID.fromString("0b7e4c2a-91d3-4e58-a6f1-5c2d9e8b7a13");

    private static PolicySnapshot policy(String zone, String defaultRule, RetentionRule... tagged) {
        return new PolicySnapshot(POLICY, "daily", 1, zone, defaultRule, List.of(tagged));
    }

    private static PolicySnapshot berlin() {
        return policy("Europe/Berlin", "P30D",
                new RetentionRule(RetentionTag.WEEKLY, "P12W"),
                new RetentionRule(RetentionTag.MONTHLY, "P12M"),
                new RetentionRule(RetentionTag.YEARLY, "P10Y"));
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    @Test
    void theFirstPointEverTakesTheLongestRuleItMatches() {
        Expiry expiry = ExpiryCalculator.compute(berlin(), at("2026-03-10T10:00:00Z"), List.of());

        assertThat(expiry.tag()).isEqualTo(RetentionTag.YEARLY);
        assertThat(expiry.rule()).isEqualTo("P10Y");
        assertThat(expiry.expiresAt()).isEqualTo(at("2036-03-10T10:00:00Z"));
        assertThat(expiry.reason()).contains("year 2026").contains("Europe/Berlin");
    }

    @Test
    void aPointAfterTheFirstOfItsWeekGetsTheDefaultRule() {
        Expiry expiry = ExpiryCalculator.compute(berlin(), at("2026-03-11T10:00:00Z"),
                List.of(at("2026-03-10T10:00:00Z")));

        assertThat(expiry.tag()).isEqualTo(RetentionTag.DEFAULT);
        assertThat(expiry.expiresAt()).isEqualTo(at("2026-04-10T09:00:00Z")); // 30 calendar days, CET→CEST
    }

    @Test
    void theYearTurnsAtMidnightInThePolicysZoneNotInUtc() {
        Instant lastOfOld = at("2025-12-31T22:30:00Z"); // 23:30 on 31 December in Berlin
        Instant firstOfNew = at("2025-12-31T23:30:00Z"); // 00:30 on 1 January in Berlin, still 2025 in UTC

        Expiry berlinExpiry = ExpiryCalculator.compute(berlin(), firstOfNew, List.of(lastOfOld));
        assertThat(berlinExpiry.tag()).isEqualTo(RetentionTag.YEARLY);
        assertThat(berlinExpiry.expiresAt()).isEqualTo(at("2035-12-31T23:30:00Z"));

        PolicySnapshot utc = policy("UTC", "P30D", new RetentionRule(RetentionTag.WEEKLY, "P12W"),
                new RetentionRule(RetentionTag.MONTHLY, "P12M"), new RetentionRule(RetentionTag.YEARLY, "P10Y"));
        assertThat(ExpiryCalculator.compute(utc, firstOfNew, List.of(lastOfOld)).tag())
                .isEqualTo(RetentionTag.DEFAULT);
    }

    @Test
    void theMonthTurnsInThePolicysZone() {
        // Saturday 28 February 13:00 and Sunday 1 March 00:30 in Berlin: same ISO week, new month.
        Expiry expiry = ExpiryCalculator.compute(berlin(), at("2026-02-28T23:30:00Z"),
                List.of(at("2026-02-28T12:00:00Z")));

        assertThat(expiry.tag()).isEqualTo(RetentionTag.MONTHLY);
        assertThat(expiry.rule()).isEqualTo("P12M");
        assertThat(expiry.expiresAt()).isEqualTo(at("2027-02-28T23:30:00Z"));
        assertThat(expiry.reason()).contains("month 2026-03");
    }

    @Test
    void theIsoWeekStartsOnMondayInThePolicysZone() {
        // Sunday 8 March 23:30 and Monday 9 March 00:30 in Berlin; both are Sunday in UTC.
        Expiry expiry = ExpiryCalculator.compute(berlin(), at("2026-03-08T23:30:00Z"),
                List.of(at("2026-03-08T22:30:00Z")));

        assertThat(expiry.tag()).isEqualTo(RetentionTag.WEEKLY);
        // 12 weeks later is 1 June 00:30 in Berlin, now in summer time (UTC+2).
        assertThat(expiry.expiresAt()).isEqualTo(at("2026-05-31T22:30:00Z"));
        assertThat(expiry.reason()).contains("ISO week 2026-W11");
    }

    @Test
    void aWeekThatBeginsInTheOldYearStillCountsAsOneWeek() {
        // Monday 29 December 2025 and Friday 2 January 2026 share ISO week 2026-W01.
        Instant monday = at("2025-12-29T10:00:00Z");
        Instant friday = at("2026-01-02T10:00:00Z");
        Expiry expiry = ExpiryCalculator.compute(berlin(), friday, List.of(monday));

        assertThat(expiry.tag()).isEqualTo(RetentionTag.YEARLY); // first of 2026, not first of its week
        assertThat(ExpiryCalculator.windowStart(berlin(), friday)).isEqualTo(at("2025-12-28T23:00:00Z"));
    }

    @Test
    void aFailedBackupInBetweenNeverTakesTheTag() {
        // Monday's backup failed (so it is no point); Tuesday's is the first successful one of the week.
        Instant lastWeek = at("2026-03-06T10:00:00Z");
        Instant tuesday = at("2026-03-10T10:00:00Z");
        Expiry tuesdayExpiry = ExpiryCalculator.compute(berlin(), tuesday, List.of(lastWeek));
        assertThat(tuesdayExpiry.tag()).isEqualTo(RetentionTag.WEEKLY);

        // Wednesday's backup failed, Thursday's succeeded: Thursday is not first of the week.
        Expiry thursday = ExpiryCalculator.compute(berlin(), at("2026-03-12T10:00:00Z"), List.of(lastWeek, tuesday));
        assertThat(thursday.tag()).isEqualTo(RetentionTag.DEFAULT);
    }

    @Test
    void pointsRecordedOutOfOrderDoNotCountAsEarlier() {
        Expiry expiry = ExpiryCalculator.compute(berlin(), at("2026-03-10T10:00:00Z"),
                List.of(at("2026-03-10T11:00:00Z")));

        assertThat(expiry.tag()).isEqualTo(RetentionTag.YEARLY);
    }

    @Test
    void aTaggedRuleShorterThanTheDefaultNeverShortensAPoint() {
        PolicySnapshot odd = policy("Europe/Berlin", "P30D", new RetentionRule(RetentionTag.WEEKLY, "P7D"));

        Expiry expiry = ExpiryCalculator.compute(odd, at("2026-03-10T10:00:00Z"), List.of());

        assertThat(expiry.tag()).isEqualTo(RetentionTag.DEFAULT);
        assertThat(expiry.rule()).isEqualTo("P30D");
    }

    @Test
    void secondsLongRulesWorkForShortTestPolicies() {
        PolicySnapshot quick = policy("Europe/Berlin", "PT30S", new RetentionRule(RetentionTag.WEEKLY, "PT2M"));
        Instant created = at("2026-03-10T10:00:00Z");

        assertThat(ExpiryCalculator.compute(quick, created, List.of()).expiresAt()).isEqualTo(created.plusSeconds(120));
        assertThat(ExpiryCalculator.compute(quick, created.plusSeconds(1), List.of(created)).expiresAt())
                .isEqualTo(created.plusSeconds(31));
    }

    @Test
    void withoutTaggedRulesEveryPointGetsTheDefault() {
        PolicySnapshot plain = new PolicySnapshot(POLICY, "plain", 2, "Europe/Berlin", "P1DT12H", null);

        Expiry expiry = ExpiryCalculator.compute(plain, at("2026-03-10T10:00:00Z"), List.of());

        assertThat(expiry.tag()).isEqualTo(RetentionTag.DEFAULT);
        assertThat(expiry.expiresAt()).isEqualTo(at("2026-03-11T22:00:00Z"));
    }

    @Test
    void anInvalidDurationOrZoneIsRefused() {
        assertThatThrownBy(() -> ExpiryCalculator.compute(policy("Europe/Berlin", "30 days"), Instant.EPOCH, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30 days");
        assertThatThrownBy(() -> ExpiryCalculator.compute(policy("Mars/Olympus", "P30D"), Instant.EPOCH, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Mars/Olympus");
    }
}
