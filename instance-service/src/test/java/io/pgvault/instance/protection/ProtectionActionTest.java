package io.pgvault.instance.protection;

import static io.pgvault.instance.protection.ProtectionState.BACKUPS_SUSPENDED;
import static io.pgvault.instance.protection.ProtectionState.DATA_DELETED;
import static io.pgvault.instance.protection.ProtectionState.SOFT_DELETED;
import static io.pgvault.instance.protection.ProtectionState.PROTECTION_CONFIGURED;
import static io.pgvault.instance.protection.ProtectionState.PROTECTION_STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.contracts.common.StopMode;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import org.junit.jupiter.api.Test;

class ProtectionActionTest {

    @Test
    void stopModesLeadToTheirStates() {
        assertThat(ProtectionAction.stop(StopMode.RETAIN_FOREVER).apply(PROTECTION_CONFIGURED)).isEqualTo(PROTECTION_STOPPED);
        assertThat(ProtectionAction.stop(StopMode.RETAIN_AS_PER_POLICY).apply(PROTECTION_CONFIGURED))
                .isEqualTo(BACKUPS_SUSPENDED);
        for (ProtectionState from : new ProtectionState[] {PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED}) {
            assertThat(ProtectionAction.stop(StopMode.DELETE_DATA).apply(from)).isEqualTo(DATA_DELETED);
        }
    }

    @Test
    void resumeReturnsToConfiguredFromEitherRetainMode() {
        assertThat(ProtectionAction.RESUME.apply(PROTECTION_STOPPED)).isEqualTo(PROTECTION_CONFIGURED);
        assertThat(ProtectionAction.RESUME.apply(BACKUPS_SUSPENDED)).isEqualTo(PROTECTION_CONFIGURED);
    }

    @Test
    void resumeIsRefusedAfterDeleteDataNamingTheStates() {
        assertThatThrownBy(() -> ProtectionAction.RESUME.apply(DATA_DELETED))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("in state DATA_DELETED")
                .hasMessageContaining("PROTECTION_STOPPED")
                .hasMessageContaining("BACKUPS_SUSPENDED");
    }

    @Test
    void backupNowOnlyWhileConfiguredAndLeavesTheStateAlone() {
        assertThat(ProtectionAction.BACKUP_NOW.apply(PROTECTION_CONFIGURED)).isEqualTo(PROTECTION_CONFIGURED);
        for (ProtectionState refused : new ProtectionState[] {PROTECTION_STOPPED, BACKUPS_SUSPENDED, DATA_DELETED, SOFT_DELETED}) {
            assertThatThrownBy(() -> ProtectionAction.BACKUP_NOW.apply(refused)).hasMessageContaining(refused.name());
        }
    }

    @Test
    void restoreWhereverPointsMayRemain() {
        assertThat(ProtectionAction.RESTORE.allowedIn()).containsExactlyInAnyOrder(
                PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED);
        assertThat(ProtectionAction.RESTORE.apply(PROTECTION_STOPPED)).isEqualTo(PROTECTION_STOPPED);
    }

    @Test
    void retainModesCannotBeStoppedAgainButCanDeleteData() {
        assertThatThrownBy(() -> ProtectionAction.STOP_RETAIN_FOREVER.apply(BACKUPS_SUSPENDED))
                .hasMessageContaining("BACKUPS_SUSPENDED");
        assertThatThrownBy(() -> ProtectionAction.STOP_DELETE_DATA.apply(DATA_DELETED)).hasMessageContaining("DATA_DELETED");
    }

    @Test
    void deleteFromAnyStateButSoftDeletedAndNothingAfterButUndeleteOrPurge() {
        for (ProtectionState from : new ProtectionState[] {PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED,
            DATA_DELETED}) {
            assertThat(ProtectionAction.DELETE.apply(from)).isEqualTo(SOFT_DELETED);
            assertThat(ProtectionAction.UNDELETE.isAllowedIn(from)).as(from.name()).isFalse();
        }
        for (ProtectionAction action : ProtectionAction.values()) {
            assertThat(action.isAllowedIn(SOFT_DELETED)).as(action.name())
                    .isEqualTo(action == ProtectionAction.UNDELETE || action == ProtectionAction.PURGE);
        }
        assertThat(ProtectionAction.UNDELETE.apply(SOFT_DELETED)).isEqualTo(PROTECTION_STOPPED);
        assertThat(ProtectionAction.UNDELETE.role()).isEqualTo(Roles.ADMIN);
        assertThat(ProtectionAction.PURGE.apply(SOFT_DELETED)).isEqualTo(SOFT_DELETED);
        assertThat(ProtectionAction.PURGE.role()).isEqualTo(Roles.ADMIN);
    }

    @Test
    void changePolicyIsRefusedOnceDataIsDeleted() {
        assertThat(ProtectionAction.CHANGE_POLICY.isAllowedIn(PROTECTION_STOPPED)).isTrue();
        assertThatThrownBy(() -> ProtectionAction.CHANGE_POLICY.apply(DATA_DELETED)).hasMessageContaining("change-policy");
    }

    @Test
    void deletingDataNeedsAnAdminWhileTheRetainModesNeedAnOperator() {
        assertThat(ProtectionAction.stop(StopMode.DELETE_DATA).role()).isEqualTo(Roles.ADMIN);
        assertThat(ProtectionAction.stop(StopMode.RETAIN_FOREVER).role()).isEqualTo(Roles.OPERATOR);
        assertThat(ProtectionAction.stop(StopMode.RETAIN_AS_PER_POLICY).role()).isEqualTo(Roles.OPERATOR);
        assertThat(ProtectionAction.DELETE.role()).isEqualTo(Roles.ADMIN);
        assertThat(ProtectionAction.CHANGE_POLICY.role()).isEqualTo(Roles.ADMIN);
        assertThat(ProtectionAction.BACKUP_NOW.role()).isEqualTo(Roles.OPERATOR);
        assertThat(ProtectionAction.RESTORE.role()).isEqualTo(Roles.OPERATOR);
        assertThat(ProtectionAction.RESUME.role()).isEqualTo(Roles.OPERATOR);
    }
}
