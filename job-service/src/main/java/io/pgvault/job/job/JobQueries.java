package io.pgvault.job.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The monitoring reads: the job list and one job's details. */
@ApplicationScoped
public class JobQueries {

    /** The list shows the last seven days unless asked otherwise. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final JobRepository repository;
    private final ObjectMapper mapper;
    private final Clock clock;

    public JobQueries(JobRepository repository, ObjectMapper mapper, Clock clock) {
        this.repository = repository;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Raw list parameters as received; parsed here so each bad one is a 400 naming it.
     *
     * @param instanceId uuid
     * @param operation  BACKUP or RESTORE
     * @param status     a job status
     * @param from       ISO-8601 instant; absent → 7 days ago; present but empty → no lower bound
     * @param to         ISO-8601 instant
     * @param all        true → no lower bound
     * @param cursor     from a previous page
     * @param limit      1..500
     */
    public record ListRequest(String instanceId, String operation, String status, String from, String to, Boolean all,
            String cursor, Integer limit) {
    }

    public Uni<JobPage> list(ListRequest request) {
        Instant now = clock.instant();
        UUID instanceId = request.instanceId() == null || request.instanceId().isBlank() ? null
                : parseUuid("instanceId", request.instanceId());
        Operation operation = parseEnum("operation", request.operation(), Operation.class);
        JobStatus status = parseEnum("status", request.status(), JobStatus.class);
        Instant from;
        if (Boolean.TRUE.equals(request.all()) || (request.from() != null && request.from().isBlank())) {
            from = null;
        } else if (request.from() == null) {
            from = now.minus(DEFAULT_WINDOW);
        } else {
            from = parseInstant("from", request.from());
        }
        Instant to = request.to() == null || request.to().isBlank() ? null : parseInstant("to", request.to());
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Instant afterAt = null;
        UUID afterId = null;
        if (request.cursor() != null && !request.cursor().isBlank()) {
            String[] parts = decodeCursor(request.cursor());
            afterAt = Instant.parse(parts[0]);
            afterId = UUID.fromString(parts[1]);
        }
        JobQuery query = new JobQuery(instanceId, operation, status, from, to, afterAt, afterId, limit);
        return repository.list(query).map(jobs -> {
            boolean more = jobs.size() > limit;
            List<Job> page = more ? jobs.subList(0, limit) : jobs;
            String next = null;
            if (more) {
                Job last = page.get(page.size() - 1);
                next = encodeCursor(last.createdAt, last.id);
            }
            return new JobPage(page.stream().map(job -> JobSummary.from(job, now)).toList(), next);
        });
    }

    public Uni<JobDetails> details(UUID id) {
        return repository.find(id).chain(job -> {
            if (job == null) {
                return Uni.createFrom().failure(ProblemException.notFound("job", id));
            }
            return repository.subTasks(id).map(tasks -> JobDetails.from(job, tasks, manifest(job), clock.instant()));
        });
    }

    private RecoveryPointManifest manifest(Job job) {
        if (job.manifest == null) {
            return null;
        }
        try {
            return mapper.readValue(job.manifest, RecoveryPointManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored manifest of job " + job.id + " is unreadable", e);
        }
    }

    static String encodeCursor(Instant createdAt, UUID id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static String[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2) {
                Instant.parse(parts[0]);
                UUID.fromString(parts[1]);
                return parts;
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        throw ProblemException.badField("cursor", "is not a cursor of this list; pass nextCursor of a previous page");
    }

    private static UUID parseUuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField(field, "must be a UUID");
        }
    }

    private static Instant parseInstant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.badField(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    private static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
