package io.pgvault.cli.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.pgvault.cli.http.Api;
import io.pgvault.cli.http.RefusedException;
import io.pgvault.cli.http.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Finds policies and backup instances by name or id, so people can type {@code orders-db} instead of a UUID. */
public final class Lookup {

    private final Api api;

    public Lookup(Api api) {
        this.api = api;
    }

    /** The id itself when the text is a UUID. */
    public static Optional<UUID> uuid(String text) {
        try {
            return Optional.of(UUID.fromString(text.strip()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A backup instance's id from its id or exact name; refused (exit 1) when no instance has that name. */
    public UUID instanceId(String nameOrId) {
        Optional<UUID> id = uuid(nameOrId);
        if (id.isPresent()) {
            return id.get();
        }
        List<JsonNode> named = new ArrayList<>();
        int page = 0;
        while (true) {
            JsonNode answer = api.get(Service.INSTANCE, "/api/v1/backup-instances",
                    Map.of("nameContains", nameOrId, "page", String.valueOf(page), "size", "200"));
            answer.path("items").forEach(i -> {
                if (nameOrId.equals(i.path("name").asText())) {
                    named.add(i);
                }
            });
            if ((long) (page + 1) * 200 >= answer.path("total").asLong() || page >= 49) {
                break;
            }
            page++;
        }
        if (named.isEmpty()) {
            throw notFound("no backup instance is named '" + nameOrId + "' (see 'pgvault backup-instance list')");
        }
        return UUID.fromString(named.get(0).path("id").asText());
    }

    /** A policy's id from its id or exact name. */
    public UUID policyId(String nameOrId) {
        Optional<UUID> id = uuid(nameOrId);
        if (id.isPresent()) {
            return id.get();
        }
        for (JsonNode p : api.get(Service.INSTANCE, "/api/v1/backup-policies", Map.of())) {
            if (nameOrId.equals(p.path("name").asText())) {
                return UUID.fromString(p.path("id").asText());
            }
        }
        throw notFound("no backup policy is named '" + nameOrId + "' (see 'pgvault backup-policy list')");
    }

    private static RefusedException notFound(String detail) {
        return new RefusedException(404, detail, MissingNode.getInstance());
    }
}
