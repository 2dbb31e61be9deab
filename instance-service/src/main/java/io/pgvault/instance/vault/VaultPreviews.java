package io.pgvault.instance.vault;

import io.pgvault.instance.retention.ImpactView;
import io.pgvault.instance.retention.RetentionClient;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The preview of a vault change: {@link VaultRules#next} validates as the change does (400 naming the field); its
 * immutability refusals (409) and multi-user authorization are reported; retention-service plans the grace period
 * and the floor on every point. Writes nothing.
 */
@ApplicationScoped
public class VaultPreviews {

    private final VaultRepository vault;
    private final RetentionClient retention;

    public VaultPreviews(VaultRepository vault, RetentionClient retention) {
        this.vault = vault;
        this.retention = retention;
    }

    @WithSession
    public Uni<VaultPreview> preview(VaultRequest request) {
        if (request.floor() != null && request.floor() < 1) {
            throw ProblemException.badField("floor", "must be at least 1");
        }
        return vault.settings().chain(row -> {
            VaultRules.Settings current = VaultRules.Settings.of(row);
            VaultRules.Settings next;
            String refusal = null;
            try {
                next = VaultRules.next(current, request);
            } catch (ProblemException e) {
                if (e.status() != 409) {
                    throw e;
                }
                next = current;
                refusal = e.getMessage();
            }
            String approval = refusal == null && current.multiUserAuthorization() && VaultRules.isProtected(current, next)
                    ? "multi-user authorization is on: the change would become a pending operation that a different"
                            + " user with role backup-approver approves before it is applied"
                    : null;
            VaultRules.Settings after = next;
            String why = refusal;
            String grace = refusal == null ? next.gracePeriod() : null;
            Integer floor = refusal == null ? request.floor() : null;
            return retention.vaultImpact(grace, floor).map(points -> new VaultPreview(current, after, approval, why,
                    summary(current, after, approval, why, points), points));
        });
    }

    private static String summary(VaultRules.Settings current, VaultRules.Settings next, String approval,
            String refusal, ImpactView points) {
        StringBuilder s = new StringBuilder("vault settings: ");
        s.append(next.equals(current) ? "no change" : VaultRules.describe(current, next));
        s.append("; grace period ").append(points.gracePeriod()).append(", floor ").append(points.floor());
        points.totals().stream().filter(t -> !"KEPT".equals(t.outcome()) || points.totals().size() == 1)
                .forEach(t -> s.append("; ").append(t.summary()));
        if (refusal != null) {
            s.append("; refused: ").append(refusal);
        } else if (approval != null) {
            s.append("; ").append(approval);
        }
        return s.toString();
    }
}
