package io.pgvault.cli.recoverypoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgvault.cli.context.CliCommand;
import io.pgvault.cli.context.CliContext;
import io.pgvault.cli.context.CommandGroup;
import io.pgvault.cli.context.ExitCode;
import io.pgvault.cli.context.IdempotencyOption;
import io.pgvault.cli.context.TimeArgs;
import io.pgvault.cli.http.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgvault recovery-point}: the catalog at retention-service, and why each point lives or dies. */
@Command(name = "recovery-point", description = "Recovery points: list, details, pin, extend, undelete, and why a point is kept.",
        footerHeading = "%nExamples:%n",
        footer = {"  pgvault recovery-point list --instance orders-db",
            "  pgvault recovery-point explain 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e"})
public final class RecoveryPointCommand extends CommandGroup {

    /** The commands of this group, in the order help lists them (registered by {@code Cli}, only when needed). */
    public static List<Class<?>> commands() {
        return List.of(RecoveryPointCommand.ListPoints.class,
            RecoveryPointCommand.Show.class,
            RecoveryPointCommand.Pin.class,
            RecoveryPointCommand.Unpin.class,
            RecoveryPointCommand.Extend.class,
            RecoveryPointCommand.Undelete.class,
            RecoveryPointCommand.Explain.class);
    }

    static final String PATH = "/api/v1/recovery-points";

    /** A point's state, for the list filter. */
    enum State { LIVE, DELETED, PURGED }

    @Command(name = "list", description = "List a backup instance's recovery points, newest first.",
            footerHeading = "%nExamples:%n",
            footer = {"  pgvault recovery-point list --instance orders-db",
                "  pgvault recovery-point list --instance orders-db --state DELETED --from 14d"})
    static final class ListPoints extends CliCommand {

        @Option(names = "--instance", required = true, paramLabel = "INSTANCE", description = "The backup instance (name or id).")
        String instance;

        @Option(names = "--state", paramLabel = "STATE", description = "${COMPLETION-CANDIDATES}")
        State state;

        @Option(names = "--from", paramLabel = "TIME", description = "Created at or after: an instant, a date or an age (7d).")
        String from;

        @Option(names = "--to", paramLabel = "TIME", description = "Created before (same forms).")
        String to;

        @Option(names = "--page", defaultValue = "0", paramLabel = "N", description = "Page, from 0.")
        int page;

        @Option(names = "--size", defaultValue = "50", paramLabel = "N", description = "Page size, 1-500 (default ${DEFAULT-VALUE}).")
        int size;

        ListPoints(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("state", state == null ? null : state.name());
            query.put("from", instant("--from", from));
            query.put("to", instant("--to", to));
            query.put("page", String.valueOf(page));
            query.put("size", String.valueOf(size));
            UUID id = lookup().instanceId(instance);
            JsonNode found = api().get(Service.RETENTION, "/api/v1/backup-instances/" + id + "/recovery-points", query);
            output().print(found.path("items"), RecoveryPointViews.list());
            long total = found.path("total").asLong();
            if ((long) (page + 1) * size < total) {
                note("Showing " + found.path("items").size() + " of " + total + ": add --page " + (page + 1) + " for more");
            }
            return ExitCode.OK;
        }

    }

    /** A command on one point that answers the point. */
    abstract static class OnPoint extends CliCommand {

        @Parameters(index = "0", paramLabel = "POINT", description = "The recovery point's id.")
        UUID point;

        OnPoint(CliContext ctx) {
            super(ctx);
        }

        String path(String action) {
            return PATH + "/" + point + (action.isEmpty() ? "" : "/" + action);
        }

        int post(String action, JsonNode body, IdempotencyOption idempotency) {
            JsonNode answer = api().send("POST", Service.RETENTION, path(action), Map.of(), body, idempotency.resolve(ctx));
            return show(answer, RecoveryPointViews.details());
        }
    }

    @Command(name = "show", description = "Show a recovery point: times, expiry, holds, artifacts and why it is kept.",
            footerHeading = "%nExample:%n", footer = "  pgvault recovery-point show 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e")
    static final class Show extends OnPoint {

        Show(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.RETENTION, path(""), Map.of()), RecoveryPointViews.details());
        }
    }

    @Command(name = "explain", description = "Explain a recovery point's retention: its rule, holds, the floor, and when it can go.",
            footerHeading = "%nExample:%n", footer = "  pgvault recovery-point explain 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e")
    static final class Explain extends OnPoint {

        Explain(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return show(api().get(Service.RETENTION, path(""), Map.of()), RecoveryPointViews.explanation());
        }
    }

    @Command(name = "pin", description = "Pin a live point: it is kept, whatever its expiry, until unpinned.",
            footerHeading = "%nExample:%n", footer = "  pgvault recovery-point pin 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e")
    static final class Pin extends OnPoint {

        @Mixin
        IdempotencyOption idempotency;

        Pin(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return post("pin", null, idempotency);
        }
    }

    @Command(name = "unpin", description = "Unpin a point: its retention applies again.",
            footerHeading = "%nExample:%n", footer = "  pgvault recovery-point unpin 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e")
    static final class Unpin extends OnPoint {

        @Mixin
        IdempotencyOption idempotency;

        Unpin(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return post("unpin", null, idempotency);
        }
    }

    @Command(name = "extend", description = "Move a live point's expiry later (never earlier than it was born with).",
            footerHeading = "%nExample:%n",
            footer = "  pgvault recovery-point extend 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e --until 2027-12-31")
    static final class Extend extends OnPoint {

        @Option(names = "--until", required = true, paramLabel = "TIME",
                description = "The new expiry: an instant (2027-12-31T00:00:00Z) or a date (midnight UTC).")
        String until;

        @Mixin
        IdempotencyOption idempotency;

        Extend(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            String expiresAt;
            try {
                expiresAt = TimeArgs.parse(until, ctx.clock().instant()).toString();
            } catch (IllegalArgumentException e) {
                throw usage("--until: " + e.getMessage());
            }
            return post("extend", object().put("expiresAt", expiresAt), idempotency);
        }
    }

    @Command(name = "undelete", description = "Bring back a soft-deleted point whose files are not purged yet; it comes back pinned.",
            footerHeading = "%nExample:%n", footer = "  pgvault recovery-point undelete 5c39e9a6-36d4-4bef-803c-9d8f3abe6c2e")
    static final class Undelete extends OnPoint {

        @Mixin
        IdempotencyOption idempotency;

        Undelete(CliContext ctx) {
            super(ctx);
        }

        @Override
        public Integer call() {
            return post("undelete", null, idempotency);
        }
    }
}
