package io.pgvault.retention.vault;

import io.pgvault.contracts.common.Immutability;
import io.pgvault.contracts.instance.VaultSettingsChanged;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Applies instance-service's VaultSettingsChanged to this service's copy, in the caller's (the inbox's)
 * transaction. It never lowers a LOCKED vault and never shortens the grace period of an ENABLED or LOCKED
 * one, whatever a message says: the copy is as safe as the original.
 */
@ApplicationScoped
public class VaultService {

    private static final Logger LOG = Logger.getLogger(VaultService.class);

    private final VaultRepository vault;

    public VaultService(VaultRepository vault) {
        this.vault = vault;
    }

    public Uni<Void> apply(VaultSettingsChanged change) {
        return vault.findById(VaultSettings.ID, LockModeType.PESSIMISTIC_WRITE).invoke(s -> {
            VaultState before = vault.state(s);
            Immutability next = change.immutability() == null ? s.immutability : change.immutability();
            if (s.immutability == Immutability.LOCKED && next != Immutability.LOCKED) {
                LOG.warnf("vault settings change %s asks for %s; the vault is locked and stays LOCKED",
                        change.eventId(), next);
                next = Immutability.LOCKED;
            }
            if (next == Immutability.LOCKED && s.lockedAt == null) {
                s.lockedAt = change.occurredAt();
            }
            s.immutability = next;
            if (change.softDeleteGracePeriod() != null) {
                Duration grace = Duration.parse(change.softDeleteGracePeriod());
                if (before.immutability().protectsPoints() && grace.compareTo(before.gracePeriod()) < 0) {
                    LOG.warnf("vault settings change %s asks for a grace period of %s; %s, so it stays %s",
                            change.eventId(), grace, before.describe(), before.gracePeriod());
                } else {
                    s.gracePeriod = change.softDeleteGracePeriod();
                }
            }
            if (change.floor() != null) {
                if (before.immutability().protectsPoints() && change.floor() < before.floor()) {
                    LOG.warnf("vault settings change %s asks for a floor of %d; %s, so it stays %d",
                            change.eventId(), change.floor(), before.describe(), before.floor());
                } else {
                    s.floor = Math.max(1, change.floor());
                }
            }
            s.minRetention = change.minRetention();
            s.maxRetention = change.maxRetention();
            s.multiUserAuthorization = change.multiUserAuthorization();
            s.changedAt = change.occurredAt();
            s.changedBy = change.changedBy();
            s.approvedBy = change.approvedBy();
        }).replaceWithVoid();
    }
}
