package io.pgvault.instance.protection;

import static io.pgvault.instance.protection.ProtectionState.BACKUPS_SUSPENDED;
import static io.pgvault.instance.protection.ProtectionState.DATA_DELETED;
import static io.pgvault.instance.protection.ProtectionState.SOFT_DELETED;
import static io.pgvault.instance.protection.ProtectionState.PROTECTION_CONFIGURED;
import static io.pgvault.instance.protection.ProtectionState.PROTECTION_STOPPED;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a user can do to a backup instance, with the transition table: the states each action is
 * allowed in, the state it leads to ({@code null}: the state does not change), and the lowest role
 * that may take it.
 */
public enum ProtectionAction {
    STOP_RETAIN_FOREVER("stop-protection (RETAIN_FOREVER)", EnumSet.of(PROTECTION_CONFIGURED), PROTECTION_STOPPED,
            Roles.OPERATOR),
    STOP_RETAIN_AS_PER_POLICY("stop-protection (RETAIN_AS_PER_POLICY)", EnumSet.of(PROTECTION_CONFIGURED),
            BACKUPS_SUSPENDED, Roles.OPERATOR),
    STOP_DELETE_DATA("stop-protection (DELETE_DATA)",
            EnumSet.of(PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED), DATA_DELETED, Roles.ADMIN),
    RESUME("resume-protection", EnumSet.of(PROTECTION_STOPPED, BACKUPS_SUSPENDED), PROTECTION_CONFIGURED,
            Roles.OPERATOR),
    BACKUP_NOW("backup", EnumSet.of(PROTECTION_CONFIGURED), null, Roles.OPERATOR),
    /** Any state that may still have points; retention-service says whether the point is there. */
    RESTORE("restore", EnumSet.of(PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED), null, Roles.OPERATOR),
    CHANGE_POLICY("change-policy", EnumSet.of(PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED), null,
            Roles.ADMIN),
    DELETE("delete", EnumSet.of(PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED, DATA_DELETED),
            SOFT_DELETED, Roles.ADMIN),
    /** A deleted instance in its grace period comes back stopped, its points kept (RETAIN_FOREVER). */
    UNDELETE("undelete", EnumSet.of(SOFT_DELETED), PROTECTION_STOPPED, Roles.ADMIN),
    /** A deleted instance's data goes now, not at the end of the grace period; it stays until the purge is reported. */
    PURGE("purge", EnumSet.of(SOFT_DELETED), null, Roles.ADMIN);

    private final String label;
    private final Set<ProtectionState> allowedIn;
    private final ProtectionState target;
    private final String role;

    ProtectionAction(String label, Set<ProtectionState> allowedIn, ProtectionState target, String role) {
        this.label = label;
        this.allowedIn = allowedIn;
        this.target = target;
        this.role = role;
    }

    /** The stop action of a mode. */
    public static ProtectionAction stop(StopMode mode) {
        return switch (mode) {
            case RETAIN_FOREVER -> STOP_RETAIN_FOREVER;
            case RETAIN_AS_PER_POLICY -> STOP_RETAIN_AS_PER_POLICY;
            case DELETE_DATA -> STOP_DELETE_DATA;
        };
    }

    /** The states this action is allowed in. */
    public Set<ProtectionState> allowedIn() {
        return EnumSet.copyOf(allowedIn);
    }

    public boolean isAllowedIn(ProtectionState state) {
        return allowedIn.contains(state);
    }

    /**
     * The state after this action.
     *
     * @throws ProblemException 409 naming the current state and the allowed ones if it is refused
     */
    public ProtectionState apply(ProtectionState current) {
        if (!isAllowedIn(current)) {
            throw ProblemException.invalidState(label, current, allowedIn);
        }
        return target == null ? current : target;
    }

    /**
     * The lowest role that may take the action ({@link Roles}). The operation's {@code @RolesAllowed} says
     * the same, except for stop-protection, whose mode is in the body: the resource checks DELETE_DATA's.
     */
    public String role() {
        return role;
    }

    /** How the action is called in the API and the activity log. */
    public String label() {
        return label;
    }
}
