package io.pgvault.instance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.security.Roles;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserRulesTest {

    private static final String PASSWORD = "long-enough-password";

    @Test
    void aNameIsKeptInLowerCaseAndRolesAsGiven() {
        UserRules.Checked checked = UserRules.checkNew(" Alice.Smith@Example ", PASSWORD, List.of("Backup-Operator", Roles.READER));

        assertThat(checked.username()).isEqualTo("alice.smith@example");
        assertThat(checked.roles()).containsExactly(Roles.OPERATOR, Roles.READER);
        assertThat(checked.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void everyBadFieldIsNamedInOneRefusal() {
        assertThatThrownBy(() -> UserRules.checkNew("-bad name", "short", List.of(Roles.SERVICE)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.toProblem("/").errors()).extracting(f -> f.field())
                            .containsExactly("username", "password", "roles[0]");
                    assertThat(e.getMessage()).doesNotContain("short");
                });
    }

    @Test
    void aPasswordHasTwelveToAThousandAndTwentyFourCharacters() {
        assertThat(UserRules.checkPassword("x".repeat(12))).hasSize(12);
        assertThat(UserRules.checkPassword("x".repeat(1024))).hasSize(1024);
        assertThatThrownBy(() -> UserRules.checkPassword("x".repeat(11))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> UserRules.checkPassword("x".repeat(1025))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> UserRules.checkPassword(" ".repeat(12))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> UserRules.checkPassword(null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void aUserHasAtLeastOneRole() {
        assertThatThrownBy(() -> UserRules.checkNew("bob", PASSWORD, List.of()))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.toProblem("/").errors())
                        .extracting(f -> f.field()).containsExactly("roles"));
    }
}
