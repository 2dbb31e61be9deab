package io.pgvault.instance.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.problem.Problem;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Idempotency-Key handling for POST actions: the first request with a key runs the action and stores its
 * answer in the same transaction; a retry with the key answers the stored answer and runs nothing. Two
 * concurrent requests with one key serialise on the key's row ({@code insert … on conflict do nothing}
 * waits for the other transaction), so the action runs once. A refused action (4xx) rolls back and is not
 * stored: a retry is evaluated again. The key remembers a hash of its request: the same key with a
 * different request is refused with 422, never answered with another request's result.
 */
@ApplicationScoped
public class IdempotentRequests {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    private static final int MAX_KEY_LENGTH = 200;

    private final Clock clock;
    private final ObjectMapper json;

    public IdempotentRequests(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /**
     * Runs {@code action} once per key and scope; call inside the use case's transaction.
     *
     * @param scope  what the key applies to, e.g. {@code backup:<instance id>}
     * @param key     the client's Idempotency-Key, or null to run the action unconditionally
     * @param request the request body (or null), compared with the first request of the key
     * @param action  the use case, answering what the client gets
     */
    public Uni<Answer> once(String scope, String key, Object request, Supplier<Uni<Answer>> action) {
        if (key == null) {
            return action.get();
        }
        check(key);
        String hash = hash(request);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("insert into idempotent_request (scope, key, status,"
                                + " request_hash, created_at) values (:scope, :key, 0, :hash, :at) on conflict do nothing")
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .setParameter("hash", hash)
                        .setParameter("at", clock.instant())
                        .executeUpdate()
                        .chain(inserted -> inserted == 1
                                ? action.get().call(answer -> session.createNativeQuery(
                                                "update idempotent_request set status = :status, location = :location,"
                                                        + " body = :body where scope = :scope and key = :key")
                                        .setParameter("status", answer.status())
                                        .setParameter("location", answer.location())
                                        .setParameter("body", answer.body())
                                        .setParameter("scope", scope)
                                        .setParameter("key", key)
                                        .executeUpdate())
                                : stored(scope, key, request).map(Optional::orElseThrow)));
    }

    /**
     * The stored answer for a key, if a request with it has committed.
     *
     * @throws ProblemException 422 if the key was used for a different request
     */
    @WithSession
    public Uni<Optional<Answer>> stored(String scope, String key, Object request) {
        if (key == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        check(key);
        String hash = hash(request);
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("select status, location, body, request_hash"
                                + " from idempotent_request where scope = :scope and key = :key", Object[].class)
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> {
                    if (!hash.equals(row[3])) {
                        throw new ProblemException(422, "Idempotency-Key reused",
                                HEADER + " " + key + " was used for a different request; use a new key",
                                List.of(new Problem.FieldError(HEADER, "was used for a different request")), Map.of());
                    }
                    return new Answer(((Number) row[0]).intValue(), (String) row[1], (String) row[2], true);
                }));
    }

    private String hash(Object request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }

    private static void check(String key) {
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ProblemException.badField(HEADER, "must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
