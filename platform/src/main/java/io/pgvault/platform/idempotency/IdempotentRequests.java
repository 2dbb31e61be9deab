package io.pgvault.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.problem.Problem;
import io.pgvault.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Idempotency-Key handling for POST actions, between a resource and its use case. The first request with a
 * key runs the use case in a transaction and stores its answer (status, Location, JSON body) in that same
 * transaction; a retry with the key answers the stored answer, marked {@value #REPLAYED_HEADER}, and runs
 * nothing. Two concurrent requests with one key serialise on the key's row ({@code insert … on conflict do
 * nothing} waits for the other transaction), so the use case runs once. A refused request (4xx) rolls back
 * and is not stored: a retry is evaluated again. The key remembers a hash of its request: the same key with
 * a different request is refused with 422, never answered with another request's result.
 *
 * <p>The answers live in the table {@code idempotent_request (scope, key, status, location, body,
 * request_hash, created_at)}, primary key {@code (scope, key)}, which the migrations of the service that uses
 * this helper create (instance-service: {@code V1} and {@code V2}).
 */
@ApplicationScoped
public class IdempotentRequests {

    /** The request header. */
    public static final String HEADER = "Idempotency-Key";

    /** Header set on a replayed answer, so a client can tell a retry from a first answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final int MAX_KEY_LENGTH = 200;

    private static final String CLAIM = "insert into idempotent_request (scope, key, status, request_hash, created_at)"
            + " values (:scope, :key, 0, :hash, :at) on conflict do nothing";
    private static final String STORE = "update idempotent_request set status = :status, location = :location,"
            + " body = :body where scope = :scope and key = :key";
    private static final String STORED = "select status, location, body, request_hash from idempotent_request"
            + " where scope = :scope and key = :key";

    private final Clock clock;
    private final ObjectMapper json;

    public IdempotentRequests(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    /**
     * Runs {@code action} in a transaction, once per key and scope, and answers what it answered.
     *
     * @param scope   what the key applies to, e.g. {@code backup:<instance id>}
     * @param key     the client's Idempotency-Key, or null to run the action unconditionally
     * @param request the request body (or null), compared with the first request of the key
     * @param action  the use case, with its answer
     */
    public Uni<Response> once(String scope, String key, Object request, Supplier<Uni<Answer>> action) {
        return once(scope, key, request, () -> Uni.createFrom().voidItem(), action);
    }

    /**
     * Like {@link #once(String, String, Object, Supplier)}, with a check that runs first, outside the
     * transaction, unless the key's answer is stored: for a use case that asks another service before it
     * acts, so no transaction stays open during the call and a retry does not ask again.
     *
     * @param check fails to refuse the request; its item is ignored
     */
    public Uni<Response> once(String scope, String key, Object request, Supplier<Uni<?>> check,
            Supplier<Uni<Answer>> action) {
        if (key == null) {
            return check.get().chain(() -> Panache.withTransaction(action)).map(answer -> respond(written(answer), false));
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw ProblemException.badField(HEADER, "must be 1 to " + MAX_KEY_LENGTH
                    + " visible ASCII characters (no spaces or controls)");
        }
        String hash = hash(request);
        return Panache.withSession(() -> stored(scope, key, hash)).chain(stored -> stored.isPresent()
                ? Uni.createFrom().item(respond(stored.get(), true))
                : check.get().chain(() -> Panache.withTransaction(() -> Panache.getSession()
                        .chain(session -> claim(session, scope, key, hash).chain(claimed -> claimed
                                ? action.get().map(IdempotentRequests.this::written)
                                        .call(answer -> store(session, scope, key, answer))
                                        .map(answer -> respond(answer, false))
                                : stored(scope, key, hash).map(again -> respond(again.orElseThrow(), true)))))));
    }

    /** Claims the key for this transaction; false when another request holds it (this waits for its commit). */
    private Uni<Boolean> claim(Mutiny.Session session, String scope, String key, String hash) {
        return session.createNativeQuery(CLAIM)
                .setParameter("scope", scope)
                .setParameter("key", key)
                .setParameter("hash", hash)
                .setParameter("at", clock.instant())
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    private Uni<Integer> store(Mutiny.Session session, String scope, String key, Written answer) {
        return session.createNativeQuery(STORE)
                .setParameter("status", answer.status())
                .setParameter("location", answer.location())
                .setParameter("body", answer.body())
                .setParameter("scope", scope)
                .setParameter("key", key)
                .executeUpdate();
    }

    /**
     * The answer stored for a key, if a request with it has committed.
     *
     * @throws ProblemException 422 if the key was used for a different request
     */
    private Uni<Optional<Written>> stored(String scope, String key, String hash) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(STORED, Object[].class)
                        .setParameter("scope", scope)
                        .setParameter("key", key)
                        .getResultList())
                .map(rows -> rows.stream().findFirst().map(row -> {
                    if (!hash.equals(row[3])) {
                        throw new ProblemException(422, "Idempotency-Key reused",
                                HEADER + " " + key + " was used for a different request; use a new key",
                                List.of(new Problem.FieldError(HEADER, "was used for a different request")), Map.of());
                    }
                    return new Written(((Number) row[0]).intValue(), (String) row[1], (String) row[2]);
                }));
    }

    private Written written(Answer answer) {
        return new Written(answer.status(), answer.location(), Json.write(json, answer.body()));
    }

    private static Response respond(Written answer, boolean replayed) {
        Response.ResponseBuilder r = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(answer.body());
        if (answer.location() != null) {
            r.location(URI.create(answer.location()));
        }
        if (replayed) {
            r.header(REPLAYED_HEADER, "true");
        }
        return r.build();
    }

    private String hash(Object request) {
        try {
            byte[] text = Json.write(json, request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** An answer as it is sent and stored: the body already written as JSON. */
    private record Written(int status, String location, String body) {}
}
