package io.pgvault.instance.vault;

import io.pgvault.instance.retention.ImpactView;

/**
 * What a vault settings change would do, answered for {@code PUT /api/v1/vault?preview=true}: nothing written.
 *
 * @param current        the settings now
 * @param next           the settings after the change (the current ones if it would be refused)
 * @param approval       under multi-user authorization, that the change would wait for an approver; else null
 * @param refusal        why the change would be refused (e.g. an immutable vault's grace period only grows); else null
 * @param summary        the above in one sentence, with the figures per outcome
 * @param recoveryPoints what happens to every instance's points (retention-service's impact preview)
 */
public record VaultPreview(VaultRules.Settings current, VaultRules.Settings next, String approval, String refusal,
        String summary, ImpactView recoveryPoints) {
}
