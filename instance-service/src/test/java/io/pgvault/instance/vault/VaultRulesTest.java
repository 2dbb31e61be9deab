package io.pgvault.instance.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class VaultRulesTest {

    private static final VaultRules.Settings DISABLED = new VaultRules.Settings(Immutability.DISABLED, null, null,
            "P14D", false);
    private static final VaultRules.Settings LOCKED = new VaultRules.Settings(Immutability.LOCKED, "P7D", "P1Y",
            "P30D", true);

    private static VaultRequest request(String immutability, String grace, Boolean mua) {
        return new VaultRequest(immutability, null, null, grace, mua, null);
    }

    @Test
    void lockedNeverGoesBack() {
        for (String lower : new String[] {"DISABLED", "ENABLED"}) {
            assertThatThrownBy(() -> VaultRules.next(LOCKED, request(lower, null, null)))
                    .isInstanceOf(ProblemException.class).hasMessageContaining("cannot go back from LOCKED");
        }
        assertThat(VaultRules.next(LOCKED, request("LOCKED", null, null))).isEqualTo(LOCKED);
    }

    @Test
    void theGracePeriodOnlyGrowsUnderImmutabilityButFreelyWhenDisabled() {
        VaultRules.Settings enabled = VaultRules.next(DISABLED, request("ENABLED", "P30D", null));
        assertThatThrownBy(() -> VaultRules.next(enabled, request(null, "P29D", null)))
                .isInstanceOf(ProblemException.class).hasMessageContaining("can only grow");
        assertThat(VaultRules.next(enabled, request(null, "P31D", null)).gracePeriod()).isEqualTo("P31D");
        assertThat(VaultRules.next(DISABLED, request(null, "P20D", null)).gracePeriod()).isEqualTo("P20D");
        VaultRules.Settings longer = VaultRules.next(DISABLED, request(null, "P90D", null));
        assertThat(VaultRules.next(longer, request(null, "P14D", null)).gracePeriod()).isEqualTo("P14D");
    }

    @Test
    void everyChangeButALongerGracePeriodIsProtected() {
        assertThat(VaultRules.isProtected(DISABLED, VaultRules.next(DISABLED, request(null, "P15D", null)))).isFalse();
        assertThat(VaultRules.isProtected(DISABLED, VaultRules.next(DISABLED, request("ENABLED", null, null)))).isTrue();
        assertThat(VaultRules.isProtected(DISABLED, VaultRules.next(DISABLED, request(null, null, true)))).isTrue();
        VaultRules.Settings longer = VaultRules.next(DISABLED, request(null, "P90D", null));
        assertThat(VaultRules.isProtected(longer, VaultRules.next(longer, request(null, "P14D", null)))).isTrue();
    }

    @Test
    void theFloorOnlyGrowsUnderImmutabilityAndLoweringItIsProtected() {
        VaultRules.Settings three = new VaultRules.Settings(Immutability.DISABLED, null, null, "P14D", false, 3);
        VaultRules.Settings enabled = new VaultRules.Settings(Immutability.ENABLED, null, null, "P14D", false, 3);
        assertThatThrownBy(() -> VaultRules.next(enabled, floor(2)))
                .isInstanceOf(ProblemException.class).hasMessageContaining("the floor can only grow (now 3)");
        assertThat(VaultRules.next(enabled, floor(5)).floor()).isEqualTo(5);
        assertThat(VaultRules.next(three, floor(1)).floor()).isEqualTo(1);
        assertThat(VaultRules.isProtected(three, VaultRules.next(three, floor(1)))).isTrue();
        assertThat(VaultRules.isProtected(three, VaultRules.next(three, floor(4)))).isFalse();
        assertThat(VaultRules.describe(three, VaultRules.next(three, floor(4)))).isEqualTo("floor 3 → 4");
        assertThatThrownBy(() -> VaultRules.next(three, floor(0))).isInstanceOf(ProblemException.class);
    }

    private static VaultRequest floor(int floor) {
        return new VaultRequest(null, null, null, null, null, floor);
    }

    @Test
    void underTheLockEveryRuleMustRespectItsBounds() {
        assertThat(VaultRules.outsideLock(LOCKED, "P1D")).contains("at least P7D");
        assertThat(VaultRules.outsideLock(LOCKED, "P2Y")).contains("at most P1Y");
        assertThat(VaultRules.outsideLock(LOCKED, "P30D")).isNull();
        assertThat(VaultRules.outsideLock(DISABLED, "P1D")).isNull();
    }
}
