package io.pgvault.job.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgvault.contracts.common.Operation;
import io.pgvault.contracts.common.RecoveryPointManifest;
import io.pgvault.contracts.common.VerificationEvidence;
import io.pgvault.platform.json.Json;
import io.pgvault.platform.problem.Enums;
import io.pgvault.platform.problem.FieldErrors;
import io.pgvault.platform.problem.ProblemException;
import io.pgvault.platform.time.InstantRange;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The monitoring reads: the job list and one job's details. */
@ApplicationScoped
public class JobQueries {

    /** The list shows the last seven days unless asked otherwise. */
    static final Duration DEFAULT_WINDOW = Duration.ofDays(7);
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final JobRepository jobs;
    private final SubTaskRepository subTasks;
    private final ObjectMapper mapper;
    private final Clock clock;

    public JobQueries(JobRepository jobs, SubTaskRepository subTasks, ObjectMapper mapper, Clock clock) {
        this.jobs = jobs;
        this.subTasks = subTasks;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Raw list parameters as received; parsed here so that one 400 names every bad one.
     *
     * @param instanceId uuid
     * @param operation  BACKUP, RESTORE or VERIFY
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

    @WithSession
    public Uni<JobPage> list(ListRequest request) {
        Instant now = clock.instant();
        JobQuery query = parse(request, now);
        return jobs.page(query).map(found -> {
            boolean more = found.size() > query.limit();
            List<Job> page = more ? found.subList(0, query.limit()) : found;
            String next = null;
            if (more) {
                Job last = page.get(page.size() - 1);
                next = encodeCursor(last.createdAt, last.id);
            }
            return new JobPage(page.stream().map(job -> JobSummary.from(job, now)).toList(), next);
        });
    }

    @WithSession
    public Uni<JobDetails> details(UUID id) {
        return jobs.findById(id).chain(job -> {
            if (job == null) {
                return Uni.createFrom().failure(ProblemException.notFound("job", id));
            }
            return subTasks.ofJob(id).map(tasks -> JobDetails.from(job, tasks, manifest(job),
                    job.verification == null ? null
                            : Json.read(mapper, job.verification, VerificationEvidence.class), clock.instant()));
        });
    }

    /** The query a request asks for; a 400 naming each bad parameter otherwise. */
    private static JobQuery parse(ListRequest request, Instant now) {
        FieldErrors errors = new FieldErrors();
        UUID instanceId = isBlank(request.instanceId()) ? null : parseUuid("instanceId", request.instanceId(), errors);
        Operation operation = isBlank(request.operation()) ? null
                : Enums.parse(Operation.class, request.operation(), "operation", errors);
        JobStatus status = isBlank(request.status()) ? null
                : Enums.parse(JobStatus.class, request.status(), "status", errors);
        Instant from;
        if (Boolean.TRUE.equals(request.all()) || (request.from() != null && request.from().isBlank())) {
            from = null;
        } else if (request.from() == null) {
            from = now.minus(DEFAULT_WINDOW);
        } else {
            from = parseInstant("from", request.from(), errors);
        }
        Instant to = isBlank(request.to()) ? null : parseInstant("to", request.to(), errors);
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add("limit", "must be between 1 and " + MAX_LIMIT);
        }
        String[] after = isBlank(request.cursor()) ? null : decodeCursor(request.cursor(), errors);
        errors.throwIfAny();
        return new JobQuery(instanceId, operation, status, from, to,
                after == null ? null : Instant.parse(after[0]), after == null ? null : UUID.fromString(after[1]), limit);
    }

    private RecoveryPointManifest manifest(Job job) {
        return job.manifest == null ? null : Json.read(mapper, job.manifest, RecoveryPointManifest.class);
    }

    static String encodeCursor(Instant createdAt, UUID id) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's instant and id; null, with the error added, if it is not a cursor of this list. */
    static String[] decodeCursor(String cursor, FieldErrors errors) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (parts.length == 2 && InstantRange.parse(parts[0]).isPresent()) {
                UUID.fromString(parts[1]);
                return parts;
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            // reported below
        }
        errors.add("cursor", "is not a cursor of this list; pass nextCursor of a previous page");
        return null;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static UUID parseUuid(String field, String value, FieldErrors errors) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            errors.add(field, "must be a UUID");
            return null;
        }
    }

    private static Instant parseInstant(String field, String value, FieldErrors errors) {
        Optional<Instant> instant = InstantRange.parse(value);
        if (instant.isEmpty()) {
            errors.add(field, InstantRange.MUST_BE);
        }
        return instant.orElse(null);
    }
}
