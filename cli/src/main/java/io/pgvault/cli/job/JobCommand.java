package io.pgvault.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandGroup;
import io.pgvault.cli.context.ExitCode;
import io.pgvault.cli.context.IdempotencyOption;
import io.pgvault.cli.http.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgvault job}: backup and restore jobs at job-service. */
@Command(name = "job", description = "Backup and restore jobs: list, details, live progress, cancel.",
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault job list --status FAILED", "  pgvault job watch e8344b4a-c738-47c3-a6c3-329d36da8c9d"})
public final class JobCommand extends CommandGroup {

    /** The commands of this group, in the order help lists them (registered by {@code Cli}, only when needed). */
    public static List<Class<?>> commands() {
        return List.of(JobCommand.ListJobs.class,
            JobCommand.Show.class,
            JobCommand.Watch.class,
            JobCommand.Cancel.class);
    }

    /** What a job does. */
    enum Operation { BACKUP, RESTORE }

    /** Where a job is. */
    enum Status { QUEUED, IN_PROGRESS, COMPLETED, FAILED, CANCELLED }

    @Command(name = "list", description = {
        "List jobs, newest first: the last 7 days unless --from or --all is given."},
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault job list --instance orders-db", "  pgvault job list --status FAILED --from 30d",
                "  pgvault job list --all --operation RESTORE -o json --query '[].{id: id, status: status}'"})
    static final class ListJobs extends CliCommand {

        @Option(names = "--instance", paramLabel = "INSTANCE", description = "Only this backup instance (name or id).")
        String instance;

        @Option(names = "--operation", paramLabel = "OPERATION", description = "${COMPLETION-CANDIDATES}")
        Operation operation;

        @Option(names = "--status", paramLabel = "STATUS", description = "${COMPLETION-CANDIDATES}")
        Status status;

        @Option(names = "--from", paramLabel = "TIME",
                description = "Created at or after: an instant, a date or an age (30m, 12h, 7d). Default: 7d.")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Created before (same forms as --from).")
        String to;

        @Option(names = "--all", description = "Every job, however old.")
        boolean all;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (1-500, default 50).")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "The next page, as printed after the previous one.")
        String cursor;

        ListJobs(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            if (all && from != null) {
                throw usage("--all and --from exclude each other");
            }
            Map<String, String> query = new LinkedHashMap<>();
            if (instance != null) {
                query.put("instanceId", lookup().instanceId(instance).toString());
            }
            query.put("operation", operation == null ? null : operation.name());
            query.put("status", status == null ? null : status.name());
            query.put("from", instant("--from", from));
            query.put("to", instant("--to", to));
            query.put("all", all ? "true" : null);
            query.put("limit", limit == null ? null : limit.toString());
            query.put("cursor", cursor);
            JsonNode page = api().get(Service.JOB, JobFollower.JOBS, query);
            output().print(page.path("items"), JobViews.list());
            if (page.hasNonNull("nextCursor")) {
                note("More jobs: add --cursor " + page.path("nextCursor").asText());
            }
            return ExitCode.OK;
        }

    }

    @Command(name = "show", description = "Show a job: status, times, bytes, sub-tasks, error and recommendation.",
            footerHeading = "%nExample:%n", footer = "  pgvault job show e8344b4a-c738-47c3-a6c3-329d36da8c9d")
    static final class Show extends CliCommand {

        @Parameters(paramLabel = "JOB", description = "The job's id.")
        UUID job;

        Show(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.JOB, JobFollower.JOBS + "/" + job, Map.of()), JobViews.details());
        }
    }

    @Command(name = "watch", description = {
        "Follow a job live until it ends.",
        "Reads its instance's event stream: a progress bar on a terminal, plain lines otherwise.",
        "Exits 0 when the job completed, 1 when it failed or was cancelled."},
            footerHeading = "%nExample:%n", footer = "  pgvault job watch e8344b4a-c738-47c3-a6c3-329d36da8c9d")
    static final class Watch extends CliCommand {

        @Parameters(paramLabel = "JOB", description = "The job's id.")
        UUID job;

        Watch(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            JsonNode ended = new JobFollower(ctx, true).watch(job);
            output().print(ended, JobViews.details());
            return JobFollower.exitCode(ended);
        }
    }

    @Command(name = "cancel", description = "Cancel a queued or running job: its process is stopped, partial files removed.",
            footerHeading = "%nExample:%n", footer = "  pgvault job cancel e8344b4a-c738-47c3-a6c3-329d36da8c9d")
    static final class Cancel extends CliCommand {

        @Parameters(paramLabel = "JOB", description = "The job's id.")
        UUID job;

        @Mixin
        IdempotencyOption idempotency;

        Cancel(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            JsonNode cancelled = api().send("POST", Service.JOB, JobFollower.JOBS + "/" + job + "/cancel", Map.of(), null,
                    idempotency.resolve(ctx));
            return show(cancelled, JobViews.details());
        }
    }
}
