package io.pgvault.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.EventTypes;
import io.pgvault.contracts.Topics;
import io.pgvault.testinfra.KafkaProbe;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Reads the commands instance-service published on the real instance-commands topic. */
public final class Commands {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Commands() {}

    /** Waits (20 s at most) for {@code count} commands of a type for an instance; answers their JSON. */
    public static List<JsonNode> await(UUID instanceId, Class<?> type, int count) {
        String ceType = EventTypes.TYPE_PREFIX + type.getSimpleName();
        return KafkaProbe.await(Topics.INSTANCE_COMMANDS, count, Duration.ofSeconds(20),
                        r -> instanceId.toString().equals(r.key()) && ceType.equals(KafkaProbe.type(r)))
                .stream().map(r -> parse(r.value())).toList();
    }

    /** Every command type on the topic for an instance right now, in order. */
    public static List<String> typesOf(UUID instanceId) {
        return KafkaProbe.readAll(Topics.INSTANCE_COMMANDS, instanceId).stream()
                .map(r -> KafkaProbe.type(r).substring(EventTypes.TYPE_PREFIX.length()))
                .toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
