package io.pgvault.console.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultChangeTest {

    private static final Map<String, Object> ENABLED = Map.of("immutability", "ENABLED", "multiUserAuthorization", true,
            "softDeleteGracePeriod", "P30D");

    @Test
    void onlyTheSettingsThatDifferAreSent() {
        Map<String, String> form = new HashMap<>(Map.of("immutability", "ENABLED", "softDeleteGracePeriod", "P60D",
                "multiUserAuthorization", "on", "minRetention", ""));
        assertThat(VaultChange.of(ENABLED, form)).containsExactly(Map.entry("softDeleteGracePeriod", "P60D"));
    }

    @Test
    void anUncheckedBoxTurnsMultiUserAuthorizationOff() {
        assertThat(VaultChange.of(ENABLED, Map.of("immutability", "ENABLED")))
                .containsExactly(Map.entry("multiUserAuthorization", false));
    }

    @Test
    void lockingNeedsTheWordLockTypedExactly() {
        assertThat(VaultChange.refusal(ENABLED, Map.of("immutability", "LOCKED", "confirmLock", "lock"))).containsKey("confirmLock");
        assertThat(VaultChange.refusal(ENABLED, Map.of("immutability", "LOCKED"))).containsKey("confirmLock");
        assertThat(VaultChange.refusal(ENABLED, Map.of("immutability", "LOCKED", "confirmLock", "LOCK"))).isEmpty();
        assertThat(VaultChange.refusal(Map.of("immutability", "LOCKED"), Map.of("immutability", "LOCKED"))).isEmpty();
    }
}
