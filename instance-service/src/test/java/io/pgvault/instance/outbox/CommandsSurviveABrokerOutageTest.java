package io.pgvault.instance.outbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.ProtectionResumed;
import io.pgvault.instance.Api;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.Commands;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker refuses every write to instance-commands (the topic's {@code max.message.bytes} is set below
 * any command's size, without stopping the broker the rest of the module's tests share): the API still
 * accepts commands, they wait in the outbox unsent, in order behind the first. The broker refuses that row
 * for itself (RecordTooLargeException), so after pgvault.outbox.max-attempts it is parked, and its key keeps
 * waiting behind it even once the broker accepts writes again; an admin's retry delivers every one, in order.
 * (A broker that is away, a retriable error, parks nothing: the drills stop the broker itself.)
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class CommandsSurviveABrokerOutageTest {

    private static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    private static final ConfigResource TOPIC = new ConfigResource(ConfigResource.Type.TOPIC, Topics.INSTANCE_COMMANDS);

    @Test
    void commandsAcceptedWhileTheBrokerRefusesWritesWaitInOrderAndAreAllDeliveredAfterTheParkedOneIsRetried()
            throws Exception {
        UUID instance = Api.protect(Api.createPolicy());
        try (Admin admin = Admin.create(TestInfra.kafkaAdminConfig())) {
            try {
                refuseWrites(admin, true);
                Api.post(instance, "backup", null).statusCode(202);
                Api.stop(instance, "RETAIN_FOREVER").statusCode(200);
                Api.post(instance, "resume-protection", null).statusCode(200);

                // the relay keeps trying; the rows stay unsent and nothing reaches the topic
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertThat(unsent(instance))
                                .as("unsent rows; on the topic: %s", Commands.typesOf(instance)).isEqualTo(3));
                assertThat(KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, instance)).isEmpty();
                await("the first row parked").atMost(Duration.ofSeconds(30)).until(() -> parked(instance) == 1);
            } finally {
                refuseWrites(admin, false);
            }
        }
        given().get("/api/v1/admin/outbox/parked").then().statusCode(200)
                .body("find { it.key == '" + instance + "' }.type", equalTo("io.pgvault.BackupRequested"))
                .body("find { it.key == '" + instance + "' }.waiting", equalTo(2))
                .body("find { it.key == '" + instance + "' }.lastError", containsString("RecordTooLargeException"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> unsent(instance) == 3); // parked: its key waits although the broker takes writes again
        given().post("/api/v1/admin/outbox/parked/retry").then().statusCode(200);
        Commands.await(instance, ProtectionResumed.class, 1);
        assertThat(Commands.typesOf(instance))
                .containsExactly("BackupRequested", "ProtectionStopped", "ProtectionResumed");
        await().atMost(Duration.ofSeconds(10)).until(() -> unsent(instance) == 0);
    }

    /** Makes the broker refuse (or accept again) every record on the topic: none fits in 16 bytes. */
    private static void refuseWrites(Admin admin, boolean refuse) throws Exception {
        ConfigEntry tiny = new ConfigEntry(MAX_MESSAGE_BYTES, "16");
        AlterConfigOp op = new AlterConfigOp(tiny, refuse ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE);
        admin.incrementalAlterConfigs(Map.of(TOPIC, List.of(op))).all().get();
        await().atMost(Duration.ofSeconds(10)).until(() -> "16".equals(
                admin.describeConfigs(List.of(TOPIC)).all().get().get(TOPIC).get(MAX_MESSAGE_BYTES).value()) == refuse);
    }

    private static long unsent(UUID instance) throws Exception {
        return count("select count(*) from outbox where message_key = ? and sent_at is null", instance);
    }

    private static long parked(UUID instance) throws Exception {
        return count("select count(*) from outbox where message_key = ? and parked_at is not null", instance);
    }

    private static long count(String sql, UUID instance) throws Exception {
        Properties credentials = new Properties();
        credentials.put("user", TestInfra.pgUser());
        if (TestInfra.pgPassword() != null) {
            credentials.put("password", TestInfra.pgPassword());
        }
        try (Connection c = DriverManager.getConnection(TestInfra.jdbcUrl("pgvault_instance"), credentials);
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, instance.toString());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
