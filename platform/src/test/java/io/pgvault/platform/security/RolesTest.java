package io.pgvault.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolesTest {

    @Test
    void eachUserRoleIncludesTheOnesBelowIt() {
        assertThat(Roles.withImplied(List.of(Roles.ADMIN))).containsExactlyInAnyOrder(Roles.ADMIN, Roles.OPERATOR, Roles.READER);
        assertThat(Roles.withImplied(List.of(Roles.OPERATOR))).containsExactlyInAnyOrder(Roles.OPERATOR, Roles.READER);
        assertThat(Roles.withImplied(List.of(Roles.READER))).containsExactly(Roles.READER);
    }

    @Test
    void theServiceRoleStandsApart() {
        assertThat(Roles.withImplied(List.of(Roles.SERVICE))).containsExactly(Roles.SERVICE);
        assertThat(Roles.grants(List.of(Roles.ADMIN), Roles.SERVICE)).isFalse();
        assertThat(Roles.grants(List.of(Roles.SERVICE), Roles.READER)).isFalse();
    }

    @Test
    void unknownRolesAreKeptAndImplyNothing() {
        assertThat(Roles.withImplied(List.of("offline_access", Roles.OPERATOR)))
                .containsExactlyInAnyOrder("offline_access", Roles.OPERATOR, Roles.READER);
        assertThat(Roles.grants(List.of("offline_access"), Roles.READER)).isFalse();
    }

    @Test
    void aLowerRoleDoesNotGrantAHigherOne() {
        assertThat(Roles.grants(List.of(Roles.READER), Roles.OPERATOR)).isFalse();
        assertThat(Roles.grants(List.of(Roles.OPERATOR), Roles.ADMIN)).isFalse();
        assertThat(Roles.grants(List.of(Roles.ADMIN), Roles.READER)).isTrue();
    }

    @Test
    void theApproverReadsButImpliesNoOtherRoleAndNoRoleImpliesIt() {
        assertThat(Roles.withImplied(List.of(Roles.APPROVER))).containsExactlyInAnyOrder(Roles.APPROVER, Roles.READER);
        assertThat(Roles.grants(List.of(Roles.APPROVER), Roles.OPERATOR)).isFalse();
        assertThat(Roles.grants(List.of(Roles.APPROVER), Roles.ADMIN)).isFalse();
        assertThat(Roles.grants(List.of(Roles.ADMIN), Roles.APPROVER)).isFalse();
        assertThat(Roles.withImplied(List.of(Roles.ADMIN, Roles.APPROVER)))
                .containsExactlyInAnyOrder(Roles.ADMIN, Roles.OPERATOR, Roles.READER, Roles.APPROVER);
    }
}
