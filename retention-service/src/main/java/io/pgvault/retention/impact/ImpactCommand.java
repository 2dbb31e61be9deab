package io.pgvault.retention.impact;

import io.pgvault.contracts.common.StopMode;
import java.time.Duration;
import java.util.UUID;

/** An action whose effect on recovery points is planned (and previewed) before it is taken. */
public sealed interface ImpactCommand {

    /** How the action is called in the API. */
    String label();

    /** A policy change or a policy edit: new points follow the new rules; existing points keep their expiry. */
    record PolicyChange(String label) implements ImpactCommand {
    }

    /** Stop protection in one of its modes. */
    record Stop(StopMode mode) implements ImpactCommand {
        @Override
        public String label() {
            return "stop-protection (" + mode + ")";
        }
    }

    /** Resume protection: the stop holds go. */
    record Resume() implements ImpactCommand {
        @Override
        public String label() {
            return "resume-protection";
        }
    }

    /** Delete the backup instance. */
    record DeleteInstance() implements ImpactCommand {
        @Override
        public String label() {
            return "delete";
        }
    }

    /** Bring a deleted instance back (its soft-deleted points live again, held RETAIN_FOREVER). */
    record UndeleteInstance() implements ImpactCommand {
        @Override
        public String label() {
            return "undelete (instance)";
        }
    }

    /** Remove a point's pins. */
    record Unpin(UUID pointId) implements ImpactCommand {
        @Override
        public String label() {
            return "unpin";
        }
    }

    /** Bring one soft-deleted point back, pinned. */
    record UndeletePoint(UUID pointId) implements ImpactCommand {
        @Override
        public String label() {
            return "undelete (point)";
        }
    }

    /**
     * New vault settings: a grace period and a floor ({@code null}: unchanged).
     *
     * @param gracePeriod the new soft-delete grace period
     * @param floor       the new floor (newest live points per instance the sweep never deletes)
     */
    record VaultChange(Duration gracePeriod, Integer floor) implements ImpactCommand {
        @Override
        public String label() {
            return "vault settings";
        }
    }
}
