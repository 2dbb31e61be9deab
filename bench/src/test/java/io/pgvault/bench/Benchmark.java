package io.pgvault.bench;

import io.pgvault.e2e.E2eIdentity;
import io.pgvault.e2e.E2eSystem;
import io.pgvault.e2e.ServiceProcess;
import io.pgvault.e2e.SourceDatabases;
import io.pgvault.testinfra.PgVaultTestResource;
import io.pgvault.testinfra.TestInfra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The benchmark of issue 15 ({@code scripts/bench}; {@code --quick} for a short run). One run starts the
 * throwaway infrastructure and the three packaged services as the e2e tests do, then measures, in
 * alternating rounds: the control plane's latencies (backup now → job visible → IN_PROGRESS → COMPLETED →
 * instance free; COMPLETED → a restore of the point accepted), raw {@code pg_dump -Fc} against a pgvault
 * backup and raw {@code pg_restore} against a pgvault restore, the list endpoints, and each service's
 * resident memory (with the JVM's native memory tracking). It prints a table and writes it as CSV under
 * {@code bench/results/}. Figures, not assertions: it fails only when the system does (a job that fails).
 */
class Benchmark {

    private static final boolean QUICK = Boolean.parseBoolean(System.getProperty("pgvault.bench.quick", "false"));
    private static final Duration JOB_BOUND = Duration.ofMinutes(30);
    private static final Pattern JSON_STRING = Pattern.compile("\"%s\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern JSON_NUMBER = Pattern.compile("\"%s\"\\s*:\\s*(-?\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Table table = new Table();
    private E2eSystem system;
    private String token;
    private Path work;

    @Test
    void run() throws Exception {
        int latencyRounds = Integer.getInteger("pgvault.bench.latency-rounds", QUICK ? 40 : 200);
        int restoreEvery = QUICK ? 4 : 5;
        int dataRounds = Integer.getInteger("pgvault.bench.data-rounds", QUICK ? 1 : 3);
        int pgbenchScale = Integer.getInteger("pgvault.bench.pgbench-scale", QUICK ? 5 : 50);
        Instant t0 = Instant.now();
        TestInfra.ensureStarted();
        work = Files.createTempDirectory(Path.of(System.getProperty("pgvault.e2e.target", "target")), "bench-");
        say("bench: %s run; infrastructure up; making the source databases", QUICK ? "quick" : "full");
        makeTiny("bench_tiny");
        pgbench("bench_pgbench", pgbenchScale);
        SourceDatabases.dropIfExists("bench_mixed");
        PgVaultTestResource.createDatabaseIfMissing("bench_mixed");
        SourceDatabases.mixed("bench_mixed");
        system = E2eSystem.start("bench", 1, s -> s.services.forEach(svc -> svc.jvm("-XX:NativeMemoryTracking=summary")));
        try {
            token = system.identity.adminToken();
            // the restores go to the test server itself, a target of its own (a target never gets the source's password)
            E2eIdentity.writePrivate(system.secrets.resolve("targets").resolve(TestInfra.pgHost() + "_" + TestInfra.pgPort()
                    + "_" + TestInfra.pgUser() + ".password"), TestInfra.pgPassword() == null ? "" : TestInfra.pgPassword());
            memory("after start-up");
            String policy = post(system.instanceService.url() + "/api/v1/backup-policies", """
                    {"name": "bench-%s", "defaultRetention": "P30D", "timeZone": "UTC", "schedule": "R/2099-01-01T00:00:00Z/P1D"}"""
                    .formatted(UUID.randomUUID().toString().substring(0, 8)), 201).field("id");
            String tiny = protect("bench-tiny", policy, "bench_tiny");
            controlPlane(tiny, latencyRounds, restoreEvery);
            dataPlane("pgbench", protect("bench-pgbench", policy, "bench_pgbench"), "bench_pgbench", dataRounds);
            dataPlane("mixed", protect("bench-mixed", policy, "bench_mixed"), "bench_mixed", dataRounds);
            memory("after the rounds");
            seed(tiny, QUICK ? 100_000 : 1_000_000, QUICK ? 2_000 : 10_000, QUICK ? 100_000 : 1_000_000);
            lists(tiny, QUICK ? 100 : 400);
            sweep(tiny, QUICK ? 10_000 : 100_000);
            due(tiny, QUICK ? 200 : 1_000);
        } finally {
            system.close();
            // what was measured, also when a round failed
            say("bench: %s in %d s", table.isEmpty() ? "nothing measured" : "done", Duration.between(t0, Instant.now()).toSeconds());
            table.print();
            Path results = Path.of(System.getProperty("pgvault.bench.results", "results"));
            Files.createDirectories(results);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
            Path csv = results.resolve("bench-" + (QUICK ? "quick-" : "") + stamp + ".csv");
            Files.writeString(csv, table.csv());
            say("bench: table written to %s", csv);
        }
    }

    // ---- the control plane ------------------------------------------------------------------------------

    private void controlPlane(String instance, int rounds, int restoreEvery) throws Exception {
        say("bench: control plane, %d backups of a tiny database", rounds);
        List<Double> visible = new ArrayList<>();
        List<Double> inProgress = new ArrayList<>();
        List<Double> completed = new ArrayList<>();
        List<Double> free = new ArrayList<>();
        List<Double> restorable = new ArrayList<>();
        List<Double> restoreVisible = new ArrayList<>();
        List<Double> restoreInProgress = new ArrayList<>();
        List<Double> restoreCompleted = new ArrayList<>();
        String backupUrl = system.instanceService.url() + "/api/v1/backup-instances/" + instance + "/backup";
        String restoreUrl = system.instanceService.url() + "/api/v1/backup-instances/" + instance + "/restore";
        long sent = System.nanoTime();
        Answer accepted = untilAccepted(backupUrl, null);
        for (int i = 0; i < rounds; i++) {
            Timeline job = follow(accepted.field("jobUrl"), sent);
            visible.add(job.visible);
            inProgress.add(job.inProgress);
            completed.add(job.completed);
            long done = job.completedAt;
            boolean restoreRound = (i + 1) % restoreEvery == 0;
            if (restoreRound) {
                String body = "{\"recoveryPointId\": \"" + job.pointId + "\", \"target\": {\"type\": \"FILES\", \"directory\": \"bench-"
                        + i + "\"}}";
                Answer restore = untilAccepted(restoreUrl, body);
                long restoreSent = restore.sentAt;
                restorable.add(ms(done, restore.answeredAt));
                Timeline r = follow(restore.field("jobUrl"), restoreSent);
                restoreVisible.add(r.visible);
                restoreInProgress.add(r.inProgress);
                restoreCompleted.add(r.completed);
            }
            if (i + 1 < rounds) {
                accepted = untilAccepted(backupUrl, null);
                sent = accepted.sentAt;
                if (!restoreRound) {
                    free.add(ms(done, accepted.answeredAt));
                }
            }
        }
        table.add("backup now -> job visible (GET 200)", "ms", visible, "p99 <= 100");
        table.add("backup now -> IN_PROGRESS", "ms", inProgress, "p99 <= 150");
        table.add("backup now -> COMPLETED (tiny db)", "ms", completed, "");
        table.add("COMPLETED -> instance free (next backup 202)", "ms", free, "p99 <= 100");
        table.add("COMPLETED -> restore of the point accepted", "ms", restorable, "p99 <= 100");
        table.add("restore request -> job visible", "ms", restoreVisible, "p99 <= 100");
        table.add("restore request -> IN_PROGRESS", "ms", restoreInProgress, "p99 <= 150");
        table.add("restore request -> COMPLETED (files)", "ms", restoreCompleted, "");
    }

    /** The times (ms from {@code sent}) at which the job became visible, IN_PROGRESS and COMPLETED. */
    private Timeline follow(String jobUrl, long sent) throws Exception {
        Timeline t = new Timeline();
        long deadline = System.nanoTime() + JOB_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = get(jobUrl);
            long now = System.nanoTime();
            if (r.statusCode() == 200) {
                if (t.visible == null) {
                    t.visible = ms(sent, now);
                }
                String status = string(r.body(), "status");
                if (t.inProgress == null && !"QUEUED".equals(status)) {
                    t.inProgress = ms(sent, now);
                }
                if ("COMPLETED".equals(status)) {
                    t.completed = ms(sent, now);
                    t.completedAt = now;
                    t.pointId = string(r.body(), "recoveryPointId");
                    t.durationMs = number(r.body(), "durationMs");
                    t.bytes = number(r.body(), "bytes");
                    return t;
                }
                if ("FAILED".equals(status) || "CANCELLED".equals(status)) {
                    throw new IllegalStateException("job " + jobUrl + " ended " + status + ": " + r.body());
                }
            } else if (r.statusCode() != 404) {
                throw new IllegalStateException("GET " + jobUrl + ": " + r.statusCode() + " " + r.body());
            }
            pause(t.inProgress == null ? 2 : 5);
        }
        throw new IllegalStateException("job " + jobUrl + " did not end within " + JOB_BOUND);
    }

    /** POSTs until the answer is 202 (a 409 or 404 is the instance or point not ready yet), bounded. */
    private Answer untilAccepted(String url, String body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            long sentAt = System.nanoTime();
            HttpResponse<String> r = send(url, body == null ? "" : body);
            if (r.statusCode() == 202) {
                return new Answer(r.body(), sentAt, System.nanoTime());
            }
            if (r.statusCode() != 409 && r.statusCode() != 404) {
                throw new IllegalStateException("POST " + url + ": " + r.statusCode() + " " + r.body());
            }
            last = r.statusCode() + " " + r.body();
            pause(2);
        }
        throw new IllegalStateException("POST " + url + " not accepted within 60 s; last answer " + last);
    }

    // ---- the data plane ----------------------------------------------------------------------------------

    private void dataPlane(String label, String instance, String database, int rounds) throws Exception {
        long size = databaseSize(database);
        say("bench: data plane on %s (%d MB), %d alternating rounds", label, size >> 20, rounds);
        List<Double> rawDump = new ArrayList<>();
        List<Double> rawBytes = new ArrayList<>();
        List<Double> jobRequest = new ArrayList<>();
        List<Double> jobAlone = new ArrayList<>();
        List<Double> jobBytes = new ArrayList<>();
        List<Double> rawRestore = new ArrayList<>();
        List<Double> jobRestore = new ArrayList<>();
        Path dump = work.resolve(database + ".dump");
        String backupUrl = system.instanceService.url() + "/api/v1/backup-instances/" + instance + "/backup";
        String restoreUrl = system.instanceService.url() + "/api/v1/backup-instances/" + instance + "/restore";
        for (int round = 0; round < rounds; round++) {
            boolean rawFirst = round % 2 == 0;
            String point = null;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == rawFirst) {
                    Files.deleteIfExists(dump);
                    long t = System.nanoTime();
                    tool("pg_dump", "-Fc", "-f", dump.toString(), database);
                    rawDump.add(ms(t, System.nanoTime()));
                    rawBytes.add((double) Files.size(dump));
                } else {
                    Answer a = untilAccepted(backupUrl, null);
                    Timeline job = follow(a.field("jobUrl"), a.sentAt);
                    jobRequest.add(job.completed);
                    jobAlone.add((double) job.durationMs);
                    jobBytes.add((double) job.bytes);
                    point = job.pointId;
                }
            }
            for (int side = 0; side < 2; side++) {
                String target = database + "_r" + round + (side == 0 ? "_raw" : "_pgv");
                SourceDatabases.dropIfExists(target);
                if ((side == 0) == rawFirst) {
                    PgVaultTestResource.createDatabaseIfMissing(target);
                    long t = System.nanoTime();
                    tool("pg_restore", "-d", target, dump.toString());
                    rawRestore.add(ms(t, System.nanoTime()));
                } else {
                    String body = """
                            {"recoveryPointId": "%s", "target": {"type": "DATABASE", "host": "%s", "port": %d, "username": "%s",
                             "database": "%s", "includeGlobals": false}}"""
                            .formatted(point, TestInfra.pgHost(), TestInfra.pgPort(), TestInfra.pgUser(), target);
                    Answer a = untilAccepted(restoreUrl, body);
                    jobRestore.add(follow(a.field("jobUrl"), a.sentAt).completed);
                }
                SourceDatabases.dropIfExists(target);
            }
        }
        table.add(label + ": raw pg_dump -Fc", "ms", rawDump, "");
        table.add(label + ": pgvault backup, request -> COMPLETED", "ms", jobRequest, "<= 0.5 x raw");
        table.ratio(label + ": backup ratio (request -> COMPLETED / raw)", jobRequest, rawDump, 0.5);
        table.add(label + ": pgvault backup, the job alone", "ms", jobAlone, "");
        table.ratio(label + ": backup ratio (job alone / raw)", jobAlone, rawDump, 0.5);
        table.add(label + ": raw artifact", "bytes", rawBytes, "");
        table.add(label + ": pgvault artifact (all files)", "bytes", jobBytes, "<= raw");
        table.ratio(label + ": artifact ratio", jobBytes, rawBytes, 1.0);
        table.add(label + ": raw pg_restore (one job)", "ms", rawRestore, "");
        table.add(label + ": pgvault restore, request -> COMPLETED", "ms", jobRestore, "<= 0.9 x raw");
        table.ratio(label + ": restore ratio", jobRestore, rawRestore, 0.9);
    }

    // ---- scale: many rows, a large sweep, many instances due at once ------------------------------------------

    /** Copies of the tiny instance's rows: jobs, instances and recovery points, as the list rounds need them. */
    private void seed(String tiny, long jobs, long instances, long points) throws Exception {
        say("bench: seeding %d jobs, %d instances, %d recovery points with SQL", jobs, instances, points);
        long t = System.nanoTime();
        Seeds.copies(system.databaseOf(system.jobService), "job", "t.id = (select id from job where instance_id = '" + tiny
                + "' and status = 'COMPLETED' and operation = 'BACKUP' order by created_at limit 1)", jobs,
                Map.of("id", "gen_random_uuid()", "created_at", "t.created_at - g * interval '1 second'"));
        Seeds.copies(system.databaseOf(system.instanceService), "backup_instance", "t.id = '" + tiny + "'", instances,
                Map.of("id", "gen_random_uuid()", "name", "'seeded-' || g", "next_due_at", "null",
                        "active_backup_job_id", "null", "active_backup_since", "null"));
        Seeds.copies(system.databaseOf(system.retentionService), "recovery_point", "t.id = (select id from recovery_point"
                        + " where instance_id = '" + tiny + "' and state = 'LIVE' order by created_at limit 1)", points,
                Map.of("id", "gen_random_uuid()", "job_id", "gen_random_uuid()",
                        "created_at", "t.created_at - g * interval '1 second'", "tag_reason", "'bench-seed'"));
        say("bench: seeded in %d s", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t));
    }

    /** {@code count} expired points of the tiny instance, then the time until the sweep has purged them all. */
    private void sweep(String tiny, long count) throws Exception {
        String db = system.databaseOf(system.retentionService);
        say("bench: sweep of %d expired points", count);
        Seeds.copies(db, "recovery_point", "t.id = (select id from recovery_point where instance_id = '" + tiny
                        + "' and state = 'LIVE' and tag_reason <> 'bench-seed' order by created_at limit 1)", count,
                Map.of("id", "gen_random_uuid()", "job_id", "gen_random_uuid()", "tag_reason", "'bench-sweep'",
                        "created_at", "now() - interval '40 days' - g * interval '1 second'",
                        "birth_expires_at", "now() - interval '1 day'", "expires_at", "now() - interval '1 day'"));
        long t = System.nanoTime();
        String left = "select count(*) from recovery_point where tag_reason = 'bench-sweep' and state <> 'PURGED'";
        long deadline = t + TimeUnit.MINUTES.toNanos(10);
        double remaining = count;
        while (remaining > 0 && System.nanoTime() < deadline) {
            pause(200);
            remaining = Seeds.number(db, left);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        table.add("sweep: " + count + " expired points soft-deleted and purged" + (remaining > 0 ? " (NOT all: "
                + (long) remaining + " left after 10 min)" : ""), "s", List.of(seconds), "<= 60 (100k)");
    }

    /** {@code count} copies of the tiny instance due 3 s from now; the time until every BackupRequested was sent. */
    private void due(String tiny, long count) throws Exception {
        String db = system.databaseOf(system.instanceService);
        say("bench: %d instances due at one moment", count);
        double dueAt = Seeds.number(db, "select extract(epoch from date_trunc('second', now()) + interval '3 seconds')");
        Seeds.copies(db, "backup_instance", "t.id = '" + tiny + "'", count,
                Map.of("id", "gen_random_uuid()", "name", "'due-' || g", "active_backup_job_id", "null",
                        "active_backup_since", "null", "next_due_at", "to_timestamp(" + dueAt + ")"));
        String sent = "select count(*) from outbox where type like '%BackupRequested' and sent_at is not null"
                + " and created_at >= to_timestamp(" + dueAt + ")";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (Seeds.number(db, sent) < count && System.nanoTime() < deadline) {
            pause(100);
        }
        double last = Seeds.number(db, "select coalesce(extract(epoch from max(sent_at)), 0) from outbox where type like"
                + " '%BackupRequested' and created_at >= to_timestamp(" + dueAt + ")") - dueAt;
        long published = (long) Seeds.number(db, sent);
        table.add(count + " instances due at once -> last BackupRequested sent (" + published + " sent)", "s",
                List.of(last), "<= 10 (1,000)");
    }

    // ---- lists and memory -----------------------------------------------------------------------------------

    private void lists(String instance, int requests) throws Exception {
        say("bench: list latencies, %d requests each", requests);
        long jobs = (long) Seeds.number(system.databaseOf(system.jobService), "select count(*) from job");
        long instances = (long) Seeds.number(system.databaseOf(system.instanceService), "select count(*) from backup_instance");
        long points = (long) Seeds.number(system.databaseOf(system.retentionService), "select count(*) from recovery_point");
        listLatency("GET jobs, all, first page of 50 (" + jobs + " jobs)",
                system.jobService.url() + "/api/v1/jobs?all=true&limit=50", requests);
        listLatency("GET jobs of an instance, all, page of 50 (" + jobs + " jobs)",
                system.jobService.url() + "/api/v1/jobs?all=true&limit=50&instanceId=" + instance, requests);
        listLatency("GET instances, page of 50 (" + instances + " instances)",
                system.instanceService.url() + "/api/v1/backup-instances?size=50", requests);
        listLatency("GET instances, name filter (" + instances + " instances)",
                system.instanceService.url() + "/api/v1/backup-instances?size=50&nameContains=seeded-99", requests);
        listLatency("GET recovery points of an instance, page of 50 (" + points + " points)",
                system.retentionService.url() + "/api/v1/backup-instances/" + instance + "/recovery-points", requests);
    }

    private void listLatency(String label, String url, int requests) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < requests + 10; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = get(url);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + url + ": " + r.statusCode() + " " + r.body());
            }
            if (i >= 10) { // the first ones warm the path up
                times.add(ms(t, System.nanoTime()));
            }
        }
        table.add(label, "ms", times, "p99 <= 20");
    }

    private void memory(String when) throws Exception {
        for (ServiceProcess s : system.services) {
            long rss = rssKb(s.pid());
            table.add(s.name + " RSS " + when, "MB", List.of(rss / 1024.0), "<= 256");
            String nmt = jcmd(s.pid());
            StringBuilder parts = new StringBuilder();
            for (String category : List.of("Java Heap", "Class", "Thread", "Code", "GC", "Compiler", "Internal", "Other",
                    "Symbol", "Native Memory Tracking", "Arena Chunk", "Metaspace")) {
                Matcher m = Pattern.compile("-\\s+" + Pattern.quote(category) + " \\(reserved=\\d+KB, committed=(\\d+)KB")
                        .matcher(nmt);
                if (m.find()) {
                    parts.append(category).append(' ').append(Long.parseLong(m.group(1)) / 1024).append(" MB; ");
                }
            }
            Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(nmt);
            say("bench: %s %s: RSS %d MB, NMT committed %s MB: %s", s.name, when, rss / 1024,
                    total.find() ? Long.parseLong(total.group(1)) / 1024 : -1, parts);
            Files.writeString(work.resolve(s.name + "-nmt-" + when.replace(' ', '-') + ".txt"), nmt);
        }
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static String jcmd(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    // ---- source databases and tools --------------------------------------------------------------------------

    private static void makeTiny(String database) throws SQLException {
        SourceDatabases.dropIfExists(database);
        PgVaultTestResource.createDatabaseIfMissing(database);
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement()) {
            s.execute("create table t (id int primary key, v text)");
            s.execute("insert into t select g, 'v' || g from generate_series(1, 100) g");
        }
    }

    private void pgbench(String database, int scale) throws Exception {
        SourceDatabases.dropIfExists(database);
        PgVaultTestResource.createDatabaseIfMissing(database);
        tool("pgbench", "-i", "-s", String.valueOf(scale), "-q", database);
    }

    private static long databaseSize(String database) throws SQLException {
        try (Connection c = SourceDatabases.connect(database); Statement s = c.createStatement();
                var rs = s.executeQuery("select pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs a PostgreSQL client tool against the test server; {@code args} end with the database. */
    private void tool(String name, String... args) throws Exception {
        Path bin = Path.of(System.getProperty(TestInfra.PG_BIN));
        List<String> command = new ArrayList<>(List.of(bin.resolve(name).toString(), "-h", TestInfra.pgHost(), "-p",
                String.valueOf(TestInfra.pgPort()), "-U", TestInfra.pgUser()));
        command.addAll(List.of(args));
        if ("pg_dump".equals(name) || "pg_restore".equals(name)) {
            // the database goes with -d for pg_restore (already there) and last for pg_dump
            command.add(command.size() - 1, "--no-password");
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (TestInfra.pgPassword() != null) {
            pb.environment().put("PGPASSWORD", TestInfra.pgPassword());
        }
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " failed: " + Files.readString(log));
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------------------------

    private String protect(String name, String policy, String database) throws Exception {
        return post(system.instanceService.url() + "/api/v1/backup-instances", """
                {"name": "%s", "policyId": "%s",
                 "datasource": {"host": "%s", "port": %d, "username": "%s", "databases": ["%s"]}}"""
                .formatted(name + "-" + UUID.randomUUID().toString().substring(0, 6), policy, TestInfra.pgHost(),
                        TestInfra.pgPort(), TestInfra.pgUser(), database), 201).field("id");
    }

    private Answer post(String url, String body, int expected) throws Exception {
        long sent = System.nanoTime();
        HttpResponse<String> r = send(url, body);
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + ": " + r.statusCode() + " " + r.body());
        }
        return new Answer(r.body(), sent, System.nanoTime());
    }

    private HttpResponse<String> send(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private String token() {
        token = system.identity.adminToken(); // renewed by E2eIdentity before it expires
        return token;
    }

    private static String string(String json, String field) {
        Matcher m = Pattern.compile(String.format(JSON_STRING.pattern(), Pattern.quote(field))).matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static Long number(String json, String field) {
        Matcher m = Pattern.compile(String.format(JSON_NUMBER.pattern(), Pattern.quote(field))).matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    private static double ms(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e6;
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis); // the benchmark's own polling pace, not a test's synchronisation
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
    }

    /** An accepted POST: its body and when it was sent and answered (System.nanoTime). */
    private record Answer(String body, long sentAt, long answeredAt) {
        String field(String name) {
            return string(body, name);
        }
    }

    /** What the benchmark saw of one job. */
    private static final class Timeline {
        Double visible;
        Double inProgress;
        Double completed;
        long completedAt;
        String pointId;
        Long durationMs;
        Long bytes;
    }
}
