package io.pgvault.console.instance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgvault.console.instance.InstanceActions.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceActionsTest {

    @Test
    void aReaderIsShownNoActionAtAll() {
        assertThat(InstanceActions.allowed("PROTECTION_CONFIGURED", 3, false, false)).isEmpty();
    }

    @Test
    void anOperatorIsShownNoAdminActionNeitherPolicyChangeNorDeletion() {
        assertThat(InstanceActions.allowed("PROTECTION_CONFIGURED", 3, true, false)).extracting(Action::label)
                .containsExactly("Backup now", "Restore", "Stop Backup", "Resume backup");
    }

    @Test
    void anAdminIsShownEveryActionWithTheSeedsWording() {
        assertThat(InstanceActions.allowed("PROTECTION_CONFIGURED", 3, true, true)).extracting(Action::label)
                .containsExactly("Backup now", "Restore", "Change Policy", "Stop Backup", "Resume backup", "Delete Backup Data",
                        "Delete");
    }

    @Test
    void whileStoppedBackupNowAndStopAreDisabledWithTheReasonAndResumeIsEnabled() {
        List<Action> actions = InstanceActions.allowed("PROTECTION_STOPPED", 2, true, true);
        assertThat(find(actions, "Backup now").disabledReason()).contains("not possible in state PROTECTION_STOPPED");
        assertThat(find(actions, "Stop Backup").enabled()).isFalse();
        assertThat(find(actions, "Resume backup").enabled()).isTrue();
        assertThat(find(actions, "Restore").enabled()).isTrue();
    }

    @Test
    void afterDeleteDataOnlyDeleteRemains() {
        List<Action> actions = InstanceActions.allowed("DATA_DELETED", 0, true, true);
        assertThat(actions).filteredOn(Action::enabled).extracting(Action::label).containsExactly("Delete");
    }

    @Test
    void restoreWithoutAnyPointIsDisabledAndSaysWhy() {
        assertThat(find(InstanceActions.allowed("PROTECTION_CONFIGURED", 0, true, false), "Restore").disabledReason())
                .isEqualTo("There is no recovery point to restore yet");
    }

    private static Action find(List<Action> actions, String label) {
        return actions.stream().filter(a -> a.label().equals(label)).findFirst().orElseThrow();
    }
}
