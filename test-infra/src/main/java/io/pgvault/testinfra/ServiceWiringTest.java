package io.pgvault.testinfra;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.Event;
import io.pgvault.contracts.EventTypes;
import io.pgvault.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Proves a service is wired to the real engines: health, a row written and read back through
 * Hibernate Reactive, a record sent to and read from the real broker. Each service extends it
 * with one of the messages it publishes.
 */
public abstract class ServiceWiringTest {

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    /** A message this service publishes, for a new instance id. */
    protected abstract Event sampleMessage(UUID instanceId);

    @Test
    void readinessIsUpWithItsDatabaseAndBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().when().get("/q/openapi?format=json").then().statusCode(200);
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void anOutboxRowCommitsWithItsTransactionAndReachesItsTopic() throws Throwable {
        Event message = sampleMessage(UUID.randomUUID());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.publish(message)));

        // Read back through Hibernate Reactive (a projection: Panache's field access is enhanced only
        // in the service's own classes, not in this library).
        Object[] stored = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createNativeQuery("select topic, message_key from outbox where id = :id", Object[].class)
                        .setParameter("id", message.eventId())
                        .getSingleResult())));
        String topic = EventTypes.topicOf(message.getClass());
        assertThat(stored).containsExactly(topic, message.instanceId().toString());

        List<ConsumerRecord<String, String>> delivered = KafkaProbe.await(
                topic, 1, Duration.ofSeconds(20), r -> message.instanceId().toString().equals(r.key()));
        assertThat(KafkaProbe.type(delivered.get(0))).isEqualTo(EventTypes.typeOf(message.getClass()));
        assertThat(mapper.readValue(delivered.get(0).value(), message.getClass())).isEqualTo(message);
    }
}
