package io.pgvault.instance.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.common.PolicySnapshot;
import io.pgvault.contracts.common.RetentionRule;
import io.pgvault.contracts.common.RetentionTag;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ShorterRetentionTest {

    private static PolicySnapshot policy(String defaultRetention, RetentionRule... tagged) {
        return new PolicySnapshot(UUID.randomUUID(), "p", 1, "UTC", defaultRetention, List.of(tagged));
    }

    @Test
    void aShorterRuleUnderAnImmutableVaultWarnsThatOnlyNewPointsAreTouched() {
        List<String> warnings = ShorterRetention.warnings(Immutability.ENABLED,
                policy("P30D", new RetentionRule(RetentionTag.WEEKLY, "P12W")),
                policy("P7D", new RetentionRule(RetentionTag.WEEKLY, "P12W")));
        assertThat(warnings).singleElement().asString()
                .contains("the vault is ENABLED", "defaultRetention P30D → P7D", "new recovery points only")
                .doesNotContain("WEEKLY");
    }

    @Test
    void aTaggedRuleDroppedFallsBackToTheDefaultAndCountsWhenShorter() {
        assertThat(ShorterRetention.warnings(Immutability.LOCKED,
                policy("P30D", new RetentionRule(RetentionTag.MONTHLY, "P12M")), policy("P30D")))
                .singleElement().asString().contains("MONTHLY P12M → P30D");
    }

    @Test
    void noWarningWhenDisabledOrNothingGetsShorter() {
        assertThat(ShorterRetention.warnings(Immutability.DISABLED, policy("P30D"), policy("P7D"))).isEmpty();
        assertThat(ShorterRetention.warnings(Immutability.ENABLED, policy("P30D"), policy("P60D",
                new RetentionRule(RetentionTag.WEEKLY, "P12W")))).isEmpty();
    }
}
