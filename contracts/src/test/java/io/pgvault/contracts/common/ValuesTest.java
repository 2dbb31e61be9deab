package io.pgvault.contracts.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void restoreTargetFactoriesSetOnlyTheFieldsOfTheirType() {
        assertThat(RestoreTarget.files("/srv/restore/orders"))
                .isEqualTo(new RestoreTarget(RestoreTarget.Type.FILES, "/srv/restore/orders", null, null, null, null,
                        false, null));
        assertThat(RestoreTarget.database("db.example.com", 5433, "restorer", "orders", true))
                .isEqualTo(new RestoreTarget(RestoreTarget.Type.DATABASE, null, "db.example.com", 5433, "restorer",
                        "orders", true, null));
        assertThat(RestoreTarget.database("db.example.com", 5433, "restorer", "orders", true, "verify-full"))
                .isEqualTo(new RestoreTarget(RestoreTarget.Type.DATABASE, null, "db.example.com", 5433, "restorer",
                        "orders", true, "verify-full"));
    }

    @Test
    void listsAreImmutableCopiesAndNullStaysNull() {
        List<String> databases = new ArrayList<>(List.of("orders"));
        Datasource datasource = new Datasource("db", 5432, "backup", databases, "prefer");
        databases.add("billing");

        assertThat(datasource.databases()).containsExactly("orders");
        assertThatThrownBy(() -> datasource.databases().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new Datasource("db", 5432, "backup", null, "prefer").databases()).isNull();
        assertThat(new PolicySnapshot(null, null, 1, null, null, null).taggedRules()).isNull();
        assertThat(new RecoveryPointManifest(null, null, null, null, null, null, null, 0, null).artifacts()).isNull();
    }
}
