package io.pgvault.instance.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.pgvault.contracts.CloudEventHeaders;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.contracts.instance.InstanceDeleted;
import io.pgvault.instance.AsAdmin;
import io.pgvault.instance.identity.Identity;
import io.pgvault.instance.identity.IdentityTestResource;
import io.pgvault.testinfra.KafkaProbe;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import io.pgvault.testinfra.auth.AuthTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reliability operations over REST: instance-service lists the dead letters of instance-commands (which
 * job-service and retention-service write) and replays them to instance-commands, the one topic it may write;
 * the parked outbox rows are listed and retried.
 */
@QuarkusTest
@ExtendWith(AsAdmin.class)
@QuarkusTestResource(value = PgVaultTestResource.class, initArgs = @ResourceArg(name = "database", value = "pgvault_instance"))
@QuarkusTestResource(value = AuthTestResource.class, initArgs = @ResourceArg(name = "jwks-url", value = Identity.OWN_JWKS))
@QuarkusTestResource(IdentityTestResource.class)
class ReliabilityEndpointsTest {

    @Test
    void aDeadLetterOfInstanceCommandsIsListedWithItsReasonAndReplayedWithItsKeyAndMessageId() throws Exception {
        UUID instance = UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        deadLetter(instance, messageId, "retention-service could not handle it");

        given().get("/api/v1/admin/dead-letters").then().statusCode(200)
                .body("topic", equalTo(Topics.dlq(Topics.INSTANCE_COMMANDS)))
                .body("replaysTo", equalTo(Topics.INSTANCE_COMMANDS))
                .body("records.id", hasItem(messageId.toString()))
                .body("records.find { it.id == '" + messageId + "' }.reason", equalTo("retention-service could not handle it"))
                .body("records.find { it.id == '" + messageId + "' }.key", equalTo(instance.toString()));

        given().post("/api/v1/admin/dead-letters/replay?id={id}", messageId).then().statusCode(200)
                .body("replayed", equalTo(1))
                .body("ids", equalTo(List.of(messageId.toString())));

        List<ConsumerRecord<String, String>> replayed = KafkaProbe.await(Topics.INSTANCE_COMMANDS, 1, Duration.ofSeconds(20),
                r -> instance.toString().equals(r.key()));
        assertThat(replayed).singleElement().satisfies(r -> {
            assertThat(header(r, CloudEventHeaders.ID)).isEqualTo(messageId.toString());
            assertThat(header(r, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.typeOf(InstanceDeleted.class));
            assertThat(header(r, "dead-letter-reason")).isNull();
        });
    }

    @Test
    void aReplayOfSomethingThatIsNotAMessageIdIsABadRequestNamingTheField() {
        given().post("/api/v1/admin/dead-letters/replay?id=not-a-uuid").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body(containsString("\"id\""));
        given().get("/api/v1/admin/dead-letters?limit=0").then().statusCode(400).body(containsString("limit"));
    }

    @Test
    void parkedOutboxRowsAreListedAndRetryingOneThatIsNotParkedIsNotFound() {
        given().get("/api/v1/admin/outbox/parked").then().statusCode(200);
        given().post("/api/v1/admin/outbox/parked/{id}/retry", UUID.randomUUID()).then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().post("/api/v1/admin/outbox/parked/retry").then().statusCode(200).body("retried", equalTo(0));
    }

    /** Writes a record to instance-commands.dlq as SmallRye's dead-letter strategy of a consumer does. */
    private static void deadLetter(UUID instance, UUID messageId, String reason) throws Exception {
        Properties config = new Properties();
        config.putAll(TestInfra.kafkaAdminConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String json = "{\"eventId\":\"" + messageId + "\",\"instanceId\":\"" + instance + "\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.dlq(Topics.INSTANCE_COMMANDS),
                instance.toString(), json);
        add(record, CloudEventHeaders.ID, messageId.toString());
        add(record, CloudEventHeaders.TYPE, EventTypes.typeOf(InstanceDeleted.class));
        add(record, "dead-letter-reason", reason);
        add(record, "dead-letter-topic", Topics.INSTANCE_COMMANDS);
        add(record, "dead-letter-partition", "0");
        add(record, "dead-letter-offset", "7");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(record).get(20, TimeUnit.SECONDS);
        }
    }

    private static void add(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
