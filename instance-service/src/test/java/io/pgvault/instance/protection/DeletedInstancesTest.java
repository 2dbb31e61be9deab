package io.pgvault.instance.protection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.instance.InstanceUndeleted;
import io.pgvault.contracts.retention.InstanceDataPurged;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.TestClock;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.instance.retention.RetentionServiceMock;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A deleted instance is soft-deleted: listed, undeletable until retention-service reports its data purged. */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
@QuarkusTestResource(RetentionServiceMock.class)
class DeletedInstancesTest {

    private static final String DELETED = "/api/v1/deleted-backup-instances";

    private static UUID deleted(String name) {
        UUID instance = Api.protect(name, Api.createPolicy());
        given().contentType(ContentType.JSON).body(Map.of("confirmName", name, "reason", "DECOMMISSIONED"))
                .delete("/api/v1/backup-instances/" + instance).then().statusCode(202);
        return instance;
    }

    @Test
    void aDeletedInstanceIsListedAndComesBackStoppedWhenUndeleted() {
        String name = Api.unique("orders-undel");
        UUID instance = deleted(name);
        given().get(DELETED).then().statusCode(200)
                .body("find { it.instance.id == '" + instance + "' }.instance.state", equalTo("SOFT_DELETED"))
                .body("find { it.instance.id == '" + instance + "' }.deletedAt", org.hamcrest.Matchers.notNullValue())
                .body("find { it.instance.id == '" + instance + "' }.deleteReason", equalTo("DECOMMISSIONED"))
                .body("find { it.instance.id == '" + instance + "' }.instance.datasource.host", equalTo("db1.internal"));

        given().post(DELETED + "/{id}/undelete", instance).then().statusCode(200)
                .body("state", equalTo("PROTECTION_STOPPED")).body("stop.mode", equalTo("RETAIN_FOREVER"))
                .body("name", equalTo(name));
        var undeleted = Commands.await(instance, InstanceUndeleted.class, 1).get(0);
        assertThat(undeleted.path("actor").asText()).isEqualTo(AsAdmin.SUBJECT);
        given().get(DELETED).then().body("instance.id", not(hasItem(instance.toString())));
        given().get("/api/v1/backup-instances/{id}/activity", instance).then()
                .body("[0].action", equalTo("UNDELETE")).body("[0].resultingState", equalTo("PROTECTION_STOPPED"));
        // stopped with RETAIN_FOREVER: resumable like any stopped instance
        Api.post(instance, "resume-protection", null).statusCode(200).body("state", equalTo("PROTECTION_CONFIGURED"));

        given().post(DELETED + "/{id}/undelete", instance).then().statusCode(409)
                .body("currentState", equalTo("PROTECTION_CONFIGURED"));
        given().post(DELETED + "/{id}/undelete", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void onceItsDataIsPurgedAnInstanceCannotBeUndeleted() throws Exception {
        UUID instance = deleted(Api.unique("orders-purged"));
        InstanceDataPurged purged = new InstanceDataPurged(UUID.randomUUID(), instance, TestClock.CLOCK.instant(), 2);
        KafkaProbe.send(purged, new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(purged));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Api.get(instance).statusCode(404));
        given().post(DELETED + "/{id}/undelete", instance).then().statusCode(404);
        given().get(DELETED).then().body("instance.id", not(hasItem(instance.toString())));
    }
}
