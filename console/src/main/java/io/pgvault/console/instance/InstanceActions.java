package io.pgvault.console.instance;

import io.quarkus.qute.TemplateData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of an instance's actions the header shows, mirroring instance-service's transition table
 * ({@code ProtectionAction}) and role table: an action the user's role does not allow is absent; one the
 * state does not allow is shown disabled, with the reason on hover.
 */
public final class InstanceActions {

    /** One button: its dialog, its label (the seed's wording), and why it is disabled (null when enabled). */
    @TemplateData
    public record Action(String dialog, String label, String disabledReason, boolean destructive) {
        public boolean enabled() {
            return disabledReason == null;
        }
    }

    /** A deleted instance, kept for the grace period. */
    public static final Set<String> DELETED = Set.of("SOFT_DELETED");
    private static final Set<String> RETAINABLE = Set.of("PROTECTION_CONFIGURED", "PROTECTION_STOPPED", "BACKUPS_SUSPENDED");

    private InstanceActions() {}

    public static List<Action> allowed(String state, long recoveryPoints, boolean operator, boolean admin) {
        List<Action> actions = new ArrayList<>();
        if (operator) {
            actions.add(new Action("backup", "Backup now", only(state, Set.of("PROTECTION_CONFIGURED"), "Backup now"), false));
            String restore = only(state, RETAINABLE, "Restore");
            actions.add(new Action("restore", "Restore",
                    restore == null && recoveryPoints == 0 ? "There is no recovery point to restore yet" : restore, false));
        }
        if (admin) {
            actions.add(new Action("change-policy", "Change Policy", only(state, RETAINABLE, "Change Policy"), false));
        }
        if (operator) {
            actions.add(new Action("stop", "Stop Backup", only(state, Set.of("PROTECTION_CONFIGURED"), "Stop Backup"), false));
            actions.add(new Action("resume", "Resume backup",
                    only(state, Set.of("PROTECTION_STOPPED", "BACKUPS_SUSPENDED"), "Resume backup"), false));
        }
        if (admin) {
            actions.add(new Action("delete-data", "Delete Backup Data", only(state, RETAINABLE, "Delete Backup Data"), true));
            actions.add(new Action("delete", "Delete", DELETED.contains(state) ? "The instance is already deleted" : null,
                    true));
        }
        return actions;
    }

    private static String only(String state, Set<String> states, String label) {
        return states.contains(state) ? null
                : label + " is not possible in state " + state + "; it needs " + String.join(" or ", states.stream().sorted().toList());
    }
}
