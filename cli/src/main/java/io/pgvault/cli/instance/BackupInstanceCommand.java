package io.pgvault.cli.instance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandFailed;
import io.pgvault.cli.context.CommandGroup;
import io.pgvault.cli.context.ExitCode;
import io.pgvault.cli.context.IdempotencyOption;
import io.pgvault.cli.context.DurationConverter;
import io.pgvault.cli.http.Service;
import io.pgvault.cli.job.JobFollower;
import io.pgvault.cli.job.JobViews;
import io.pgvault.cli.lookup.Lookup;
import io.pgvault.cli.output.Times;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgvault backup-instance}: protected servers and everything done to them. */
@Command(name = "backup-instance",
        description = "Backup instances: protect a server with a policy, back up, restore, stop, resume, delete.",
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault backup-instance list", "  pgvault backup-instance adhoc-backup orders-db --wait",
            "  pgvault backup-instance suspend-backup orders-db --reason COST", "  pgvault backup-instance restore --help"})
public final class BackupInstanceCommand extends CommandGroup {

    /** The commands of this group, in the order help lists them (registered by {@code Cli}, only when needed). */
    public static List<Class<?>> commands() {
        return List.of(BackupInstanceCommand.Protect.class,
            BackupInstanceCommand.ListInstances.class,
            BackupInstanceCommand.Show.class,
            BackupInstanceCommand.UpdatePolicy.class,
            BackupInstanceCommand.AdhocBackup.class,
            BackupInstanceCommand.Restore.class,
            BackupInstanceCommand.StopProtection.class,
            BackupInstanceCommand.SuspendBackup.class,
            BackupInstanceCommand.DeleteData.class,
            BackupInstanceCommand.ResumeProtection.class,
            BackupInstanceCommand.Delete.class,
            BackupInstanceCommand.Activity.class);
    }

    static final String PATH = "/api/v1/backup-instances";

    /** Why protection stops or the instance goes, as the API takes it. */
    enum Reason { DECOMMISSIONED, MOVED_TO_ANOTHER_SOLUTION, COST, OTHER }

    /** Protection states, for the list filter. */
    enum State { PROTECTION_CONFIGURED, PROTECTION_STOPPED, BACKUPS_SUSPENDED, DATA_DELETED, SOFT_DELETED }

    /** What {@code stop-protection --retain} keeps. */
    enum Retain {
        FOREVER("RETAIN_FOREVER"), AS_PER_POLICY("RETAIN_AS_PER_POLICY");

        final String mode;

        Retain(String mode) {
            this.mode = mode;
        }

        /** The words of {@code --retain}, for shell completion. */
        static final class Words implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return List.of("forever", "as-per-policy").iterator();
            }
        }

        /** {@code forever} and {@code as-per-policy} as typed on the command line. */
        static Retain parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "forever" -> FOREVER;
                case "as-per-policy" -> AS_PER_POLICY;
                default -> throw new IllegalArgumentException("must be forever or as-per-policy");
            };
        }
    }

    /** An instance named on the command line, by name or id. */
    abstract static class OnInstance extends CliCommand {

        @Parameters(index = "0", paramLabel = "INSTANCE", description = "The backup instance's name or id.")
        String instance;

        OnInstance(CliContext ctx) {
            super(ctx);
        }

        UUID id() {
            return lookup().instanceId(instance);
        }

        String path(UUID id, String action) {
            return PATH + "/" + id + (action.isEmpty() ? "" : "/" + action);
        }
    }

    /** {@code --wait} and {@code --timeout} of commands that start a job. */
    static final class WaitOptions {

        @Option(names = "--wait", description = "Wait for the job to end; exit 0 when it completed, 1 when it failed.")
        boolean wait;

        @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "With --wait: give up after this long (90s, 30m, 2h).")
        Duration timeout;

        /** Prints the 202, or follows the job and prints how it ended. */
        int follow(CliContext ctx, JsonNode accepted, String what) {
            if (!wait) {
                ctx.output().print(accepted, InstanceViews.accepted(what));
                return ExitCode.OK;
            }
            UUID jobId = UUID.fromString(accepted.path("jobId").asText());
            ctx.err().println(what + " accepted: job " + jobId);
            Optional<JsonNode> ended = new JobFollower(ctx, false).poll(jobId, timeout);
            if (ended.isEmpty()) {
                throw new CommandFailed("job " + jobId + " has not ended after " + Times.duration(timeout.toMillis())
                        + "; follow it with: pgvault job watch " + jobId);
            }
            awaitCataloged(ctx, ended.get());
            ctx.output().print(ended.get(), JobViews.details());
            return JobFollower.exitCode(ended.get());
        }

        /**
         * A completed backup's point is restorable once retention-service has cataloged it, a moment after the
         * job reads COMPLETED (it learns of it from Kafka): {@code --wait} waits for that too (30 s at most), so
         * a restore of {@code latest} right after it finds the new point.
         */
        private static void awaitCataloged(CliContext ctx, JsonNode job) {
            String point = job.path("recoveryPointId").asText("");
            if (!"COMPLETED".equals(job.path("status").asText()) || point.isEmpty()) {
                return;
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ctx.api().find(Service.RETENTION, "/api/v1/recovery-points/" + point).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    ctx.err().println("recovery point " + point + " is not cataloged at retention-service yet");
                    return;
                }
                try {
                    Thread.sleep(Math.min(ctx.pollInterval().toMillis(), 200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Command(name = "protect", description = {
        "Protect a PostgreSQL server with a policy.",
        "The password is never sent: job-service finds it in its secret file for the instance, PGPASSFILE or ~/.pgpass."},
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-instance protect --name orders-db --host db1.internal --port 5432 --username backup "
                    + "--database orders --database billing --policy nightly")
    static final class Protect extends CliCommand {

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Unique name of the backup instance.")
        String name;

        @Option(names = "--host", required = true, paramLabel = "HOST", description = "The server's host name or address.")
        String host;

        @Option(names = "--port", defaultValue = "5432", paramLabel = "PORT", description = "Its port (default ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--username", required = true, paramLabel = "ROLE", description = "The role backups connect as.")
        String username;

        @Option(names = "--database", paramLabel = "DB",
                description = "A database to back up (repeat for more). Default: every database that allows connections.")
        List<String> databases;

        @Option(names = "--ssl-mode", paramLabel = "MODE", description = "libpq sslmode: disable, allow, prefer, require, "
                + "verify-ca, verify-full.")
        String sslMode;

        @Option(names = "--policy", required = true, paramLabel = "POLICY", description = "The backup policy (name or id).")
        String policy;

        @Mixin
        IdempotencyOption idempotency;

        Protect(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            ObjectNode body = object().put("name", name);
            ObjectNode ds = body.putObject("datasource").put("host", host).put("port", port).put("username", username);
            if (databases != null && !databases.isEmpty()) {
                databases.forEach(ds.putArray("databases")::add);
            }
            if (sslMode != null) {
                ds.put("sslMode", sslMode);
            }
            body.put("policyId", lookup().policyId(policy).toString());
            JsonNode created = api().send("POST", Service.INSTANCE, PATH, Map.of(), body, idempotency.resolve(ctx));
            return show(created, InstanceViews.details());
        }
    }

    @Command(name = "list", description = "List backup instances by name, filtered by state, policy and part of the name.",
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault backup-instance list", "  pgvault backup-instance list --state BACKUPS_SUSPENDED -o json"})
    static final class ListInstances extends CliCommand {

        @Option(names = "--state", paramLabel = "STATE", description = "${COMPLETION-CANDIDATES}")
        State state;

        @Option(names = "--policy", paramLabel = "POLICY", description = "Only instances of this policy (name or id).")
        String policy;

        @Option(names = "--name-contains", paramLabel = "TEXT", description = "Only names containing this.")
        String nameContains;

        @Option(names = "--page", defaultValue = "0", paramLabel = "N", description = "Page, from 0.")
        int page;

        @Option(names = "--size", defaultValue = "20", paramLabel = "N", description = "Page size, 1-200 (default ${DEFAULT-VALUE}).")
        int size;

        ListInstances(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("state", state == null ? null : state.name());
            query.put("policyId", policy == null ? null : lookup().policyId(policy).toString());
            query.put("nameContains", nameContains);
            query.put("page", String.valueOf(page));
            query.put("size", String.valueOf(size));
            JsonNode found = api().get(Service.INSTANCE, PATH, query);
            output().print(found.path("items"), InstanceViews.list());
            long total = found.path("total").asLong();
            if ((long) (page + 1) * size < total) {
                note("Showing " + found.path("items").size() + " of " + total + ": add --page " + (page + 1) + " for more");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "show", description = "Show a backup instance: state, policy, next and last backup, recovery points, stop.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-instance show orders-db")
    static final class Show extends OnInstance {

        Show(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.INSTANCE, path(id(), ""), Map.of()), InstanceViews.details());
        }
    }

    @Command(name = "update-policy", description = "Assign another policy: future backups use it.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-instance update-policy orders-db --policy weekly")
    static final class UpdatePolicy extends OnInstance {

        @Option(names = "--policy", required = true, paramLabel = "POLICY", description = "The new policy (name or id).")
        String policy;

        @Mixin
        IdempotencyOption idempotency;

        UpdatePolicy(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            ObjectNode body = object().put("policyId", lookup().policyId(policy).toString());
            JsonNode updated = api().send("POST", Service.INSTANCE, path(id(), "change-policy"), Map.of(), body,
                    idempotency.resolve(ctx));
            return show(updated, InstanceViews.details());
        }
    }

    @Command(name = "adhoc-backup", description = "Back up now (only while protection is configured).",
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault backup-instance adhoc-backup orders-db", "  pgvault backup-instance adhoc-backup orders-db --wait"})
    static final class AdhocBackup extends OnInstance {

        @Mixin
        WaitOptions waitOptions;

        @Mixin
        IdempotencyOption idempotency;

        AdhocBackup(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            JsonNode accepted = api().send("POST", Service.INSTANCE, path(id(), "backup"), Map.of(), null,
                    idempotency.resolve(ctx));
            return waitOptions.follow(ctx, accepted, "Backup of " + instance);
        }
    }

    @Command(name = "restore", description = {
        "Restore a recovery point as files or into a new database.",
        "Files go to a directory under job-service's restore root; a database restore creates a new database.",
        "The target's password is never sent: job-service finds it where it runs."},
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault backup-instance restore orders-db --recovery-point latest --to-files orders-2026-12-01 --wait",
                "  pgvault backup-instance restore orders-db --recovery-point 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e \\",
                "      --to-database orders_restored --target-host db2.internal --target-username restorer --wait"})
    static final class Restore extends OnInstance {

        @Option(names = "--recovery-point", required = true, paramLabel = "ID",
                description = "The recovery point's id, or 'latest' for the newest live one.")
        String recoveryPoint;

        @Option(names = "--to-files", paramLabel = "DIR", description = "Restore as files into this directory name.")
        String toFiles;

        @Option(names = "--to-database", paramLabel = "DB", description = "Restore into this new database.")
        String toDatabase;

        @Option(names = "--target-host", paramLabel = "HOST", description = "With --to-database: the target server.")
        String targetHost;

        @Option(names = "--target-port", defaultValue = "5432", paramLabel = "PORT",
                description = "With --to-database: its port (default ${DEFAULT-VALUE}).")
        int targetPort;

        @Option(names = "--target-username", paramLabel = "ROLE", description = "With --to-database: the role to connect as.")
        String targetUsername;

        @Option(names = "--include-globals", description = "With --to-database: also restore roles and tablespaces.")
        boolean includeGlobals;

        @Option(names = "--keep-encrypted", description = "With --to-files: write the artifacts as the store keeps them"
                + " (encrypted), for 'pgvault decrypt' on a host with the master keyset.")
        boolean keepEncrypted;

        @Mixin
        WaitOptions waitOptions;

        @Mixin
        IdempotencyOption idempotency;

        Restore(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            if ((toFiles == null) == (toDatabase == null)) {
                throw usage("give one of --to-files DIR or --to-database DB");
            }
            if (toDatabase != null && (targetHost == null || targetUsername == null)) {
                throw usage("--to-database needs --target-host and --target-username");
            }
            UUID id = id();
            ObjectNode body = object().put("recoveryPointId", pointId(id));
            ObjectNode target = body.putObject("target");
            if (toFiles != null) {
                target.put("type", "FILES").put("directory", toFiles);
                if (keepEncrypted) {
                    target.put("keepEncrypted", true);
                }
            } else {
                target.put("type", "DATABASE").put("host", targetHost).put("port", targetPort)
                        .put("username", targetUsername).put("database", toDatabase).put("includeGlobals", includeGlobals);
            }
            JsonNode accepted = api().send("POST", Service.INSTANCE, path(id, "restore"), Map.of(), body,
                    idempotency.resolve(ctx));
            return waitOptions.follow(ctx, accepted, "Restore of " + instance);
        }

        private String pointId(UUID instanceId) {
            if (!recoveryPoint.equalsIgnoreCase("latest")) {
                return Lookup.uuid(recoveryPoint).orElseThrow(() -> usage("--recovery-point: give an id or 'latest'")).toString();
            }
            JsonNode newest = api().get(Service.RETENTION, PATH + "/" + instanceId + "/recovery-points",
                    Map.of("state", "LIVE", "size", "1")).path("items").path(0);
            if (newest.isMissingNode()) {
                throw new CommandFailed(instance + " has no live recovery point to restore");
            }
            note("Latest live recovery point: " + newest.path("id").asText() + " ("
                    + Times.relative(newest.path("createdAt").asText(), ctx.clock().instant()) + ")");
            return newest.path("id").asText();
        }
    }

    /** Stops protection in a mode; the three stop commands differ only in how they pick it. */
    abstract static class Stop extends OnInstance {

        @Option(names = "--reason", required = true, paramLabel = "REASON", description = "${COMPLETION-CANDIDATES}")
        Reason reason;

        @Option(names = "--comments", paramLabel = "TEXT", description = "Free text for the activity log (needed for OTHER).")
        String comments;

        @Mixin
        IdempotencyOption idempotency;

        Stop(CliContext ctx) {
            super(ctx);
        }

        abstract String mode();

        /** The confirmName of the request; null when none is needed. */
        String confirmName(UUID id) {
            return null;
        }

        @Override
        public Integer call() {
            UUID id = id();
            ObjectNode body = object().put("mode", mode()).put("reason", reason.name());
            if (comments != null) {
                body.put("comments", comments);
            }
            String confirm = confirmName(id);
            if (confirm != null) {
                body.put("confirmName", confirm);
            }
            JsonNode stopped = api().send("POST", Service.INSTANCE, path(id, "stop-protection"), Map.of(), body,
                    idempotency.resolve(ctx));
            return show(stopped, InstanceViews.details());
        }
    }

    @Command(name = "stop-protection", description = {
        "Stop protection, keeping the recovery points.",
        "--retain forever: state PROTECTION_STOPPED, every point kept; --retain as-per-policy: BACKUPS_SUSPENDED,",
        "the same as suspend-backup. Both can be resumed with resume-protection."},
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-instance stop-protection orders-db --retain forever --reason MOVED_TO_ANOTHER_SOLUTION")
    static final class StopProtection extends Stop {

        @Option(names = "--retain", required = true, paramLabel = "forever|as-per-policy",
                completionCandidates = Retain.Words.class,
                description = "forever: keep every point; as-per-policy: points expire by their retention, the latest is kept.")
        String retain;

        StopProtection(CliContext ctx) {
            super(ctx);
        }

        @Override
        String mode() {
            try {
                return Retain.parse(retain).mode;
            } catch (IllegalArgumentException e) {
                throw usage("--retain " + e.getMessage());
            }
        }
    }

    @Command(name = "suspend-backup", description = {
        "Suspend backups: stop protection, retaining points as per policy.",
        "Points expire by their own retention, the latest is kept forever. Resumable with resume-protection."},
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-instance suspend-backup orders-db --reason COST --comments 'paused until Q3'")
    static final class SuspendBackup extends Stop {

        SuspendBackup(CliContext ctx) {
            super(ctx);
        }

        @Override
        String mode() {
            return Retain.AS_PER_POLICY.mode;
        }
    }

    @Command(name = "delete-data", description = {
        "Stop protection and delete every recovery point (cannot be resumed).",
        "On a terminal you type the instance's name; in scripts --confirm-name is required."},
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-instance delete-data orders-db --reason DECOMMISSIONED --confirm-name orders-db --yes")
    static final class DeleteData extends Stop {

        @Option(names = "--confirm-name", paramLabel = "NAME", description = "The instance's name, to confirm.")
        String confirmName;

        @Option(names = {"-y", "--yes"}, description = "Do not ask; --confirm-name is still needed.")
        boolean yes;

        DeleteData(CliContext ctx) {
            super(ctx);
        }

        @Override
        String mode() {
            return "DELETE_DATA";
        }

        @Override
        String confirmName(UUID id) {
            return Confirmation.confirmName(ctx, spec, confirmName, yes, () -> name(id),
                    "This deletes every recovery point of " + instance + " and cannot be resumed.");
        }

        private String name(UUID id) {
            return api().get(Service.INSTANCE, path(id, ""), Map.of()).path("name").asText();
        }
    }

    @Command(name = "resume-protection", description = "Resume protection after stop-protection or suspend-backup.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-instance resume-protection orders-db --comments 'back from Q3'")
    static final class ResumeProtection extends OnInstance {

        @Option(names = "--comments", paramLabel = "TEXT", description = "Free text for the activity log.")
        String comments;

        @Mixin
        IdempotencyOption idempotency;

        ResumeProtection(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            ObjectNode body = comments == null ? null : object().put("comments", comments);
            JsonNode resumed = api().send("POST", Service.INSTANCE, path(id(), "resume-protection"), Map.of(), body,
                    idempotency.resolve(ctx));
            return show(resumed, InstanceViews.details());
        }
    }

    @Command(name = "delete", description = {
        "Delete the backup instance and every one of its recovery points.",
        "Scheduled backups stop; the instance goes once retention-service has purged its points.",
        "On a terminal you type its name; in scripts --confirm-name is required."},
            footerHeading = "%nExample:%n",
            footer = "  pgvault backup-instance delete orders-db --reason DECOMMISSIONED --comments 'server retired' "
                    + "--confirm-name orders-db")
    static final class Delete extends OnInstance {

        @Option(names = "--reason", required = true, paramLabel = "REASON", description = "${COMPLETION-CANDIDATES}")
        Reason reason;

        @Option(names = "--comments", paramLabel = "TEXT", description = "Free text for the activity log (needed for OTHER).")
        String comments;

        @Option(names = "--confirm-name", paramLabel = "NAME", description = "The instance's name, to confirm.")
        String confirmName;

        @Option(names = {"-y", "--yes"}, description = "Do not ask; --confirm-name is still needed.")
        boolean yes;

        @Mixin
        IdempotencyOption idempotency;

        Delete(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            UUID id = id();
            String confirm = Confirmation.confirmName(ctx, spec, confirmName, yes,
                    () -> api().get(Service.INSTANCE, path(id, ""), Map.of()).path("name").asText(),
                    "This deletes " + instance + " and every one of its recovery points.");
            ObjectNode body = object().put("confirmName", confirm).put("reason", reason.name());
            if (comments != null) {
                body.put("comments", comments);
            }
            JsonNode deleting = api().send("DELETE", Service.INSTANCE, path(id, ""), Map.of(), body, idempotency.resolve(ctx));
            return show(deleting, InstanceViews.details());
        }
    }

    @Command(name = "activity", description = "Every action on the instance, newest first: who, why, and the state after.",
            footerHeading = "%nExample:%n", footer = "  pgvault backup-instance activity orders-db")
    static final class Activity extends OnInstance {

        Activity(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.INSTANCE, path(id(), "activity"), Map.of()), InstanceViews.activity());
        }
    }
}
