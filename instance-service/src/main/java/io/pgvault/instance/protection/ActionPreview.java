package io.pgvault.instance.protection;

import io.pgvault.instance.retention.ImpactView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an action on a backup instance would do, answered for {@code ?preview=true}; nothing was changed, nothing
 * published, nothing recorded.
 *
 * @param action               the action, as the API and the activity log call it
 * @param instanceId           the instance
 * @param instanceName         its name
 * @param currentState         its protection state now
 * @param nextState            its state after the action
 * @param nextScheduledBackups the next scheduled backups after the action (empty: none are scheduled)
 * @param approval             under multi-user authorization, that the action would wait for an approver; else null
 * @param refusal              why the action would be refused as asked (e.g. by an immutable vault); else null
 * @param summary              the above in one sentence, with the figures per outcome
 * @param recoveryPoints       what happens to each recovery point and when (retention-service's impact preview)
 */
public record ActionPreview(String action, UUID instanceId, String instanceName, ProtectionState currentState,
        ProtectionState nextState, List<Instant> nextScheduledBackups, String approval, String refusal, String summary,
        ImpactView recoveryPoints) {

    static ActionPreview of(String action, BackupInstance instance, ProtectionState next, List<Instant> backups,
            String approval, String refusal, ImpactView points) {
        StringBuilder s = new StringBuilder(action).append(": ").append(instance.state).append(" → ").append(next);
        s.append(backups.isEmpty() ? "; no scheduled backups" : "; next backup at " + backups.get(0));
        for (ImpactView.Total total : points.totals()) {
            s.append("; ").append(total.summary());
        }
        if (refusal != null) {
            s.append("; refused: ").append(refusal);
        } else if (approval != null) {
            s.append("; ").append(approval);
        }
        return new ActionPreview(action, instance.id, instance.name, instance.state, next, backups, approval, refusal,
                s.toString(), points);
    }
}
